# Sourced by bin/attache and bin/attache-test: finds the JDK both use, so the main job and the
# tests build with the same one.

# Prints the major version of a java binary (17, 21, 25 …), or nothing.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//; s/\..*//'
}

# Prints the home of a JDK (java and javac) of version $1 or newer: JAVA_HOME first, then java on
# PATH, then the newest under the usual JVM folders. Fails when there is none.
find_jdk() {
  local min="$1" candidates=() c home v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if c="$(command -v java 2>/dev/null)"; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$c")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null | sort -Vr); do
    candidates+=("${c%/}")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    v="$(java_major "$home/bin/java")"
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}
