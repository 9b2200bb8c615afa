package dev.attache.control.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.attache.control.cli.ServeCommand;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * control-core's public top-level types are a reviewed list, {@code control-core/public-api.txt}:
 * making a type public (or a public type package-private) fails the build until the listing says
 * so, so that growing the surface is a change a reviewer sees rather than a default.
 *
 * <p>Only entry points should be public; everything else is package-private or in a package named
 * {@code internal}. After review, {@code -Dpublic-api.update=true} rewrites the listing from the
 * compiled classes.
 */
class PublicSurfaceTest {
  static final String UPDATE = "public-api.update";
  static final String UPDATE_COMMAND = "./mvnw -o -pl control-core verify -Dtest=PublicSurfaceTest "
      + "-Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE + "=true";
  private static final String HEADER = """
      # control-core's public top-level types: one fully qualified name a line, sorted.
      # Only entry points belong here; everything else is package-private or in an `internal`
      # package. PublicSurfaceTest fails when the compiled classes differ from this listing.
      # After review, rewrite it with:
      #   %s
      """.formatted(UPDATE_COMMAND);

  @Test
  void publicTopLevelTypesAreTheReviewedListing() throws IOException {
    Path listing = moduleDir().resolve("public-api.txt");
    SortedSet<String> compiled = publicTopLevelTypes(mainClasses());
    if (Boolean.getBoolean(UPDATE)) {
      Files.writeString(listing, HEADER + String.join("\n", compiled) + "\n");
      return;
    }
    SortedSet<String> listed = Files.isRegularFile(listing) ? read(listing) : new TreeSet<>();
    String difference = difference(listed, compiled, listing);
    if (!difference.isEmpty()) {
      fail(difference);
    }
  }

  @Test
  void aDifferenceNamesEachTypeAndHowToUpdate() {
    SortedSet<String> listed = new TreeSet<>(List.of("dev.attache.control.a.Kept", "dev.attache.control.a.Gone"));
    SortedSet<String> compiled = new TreeSet<>(List.of("dev.attache.control.a.Kept", "dev.attache.control.b.New"));

    String message = difference(listed, compiled, Path.of("public-api.txt"));

    assertThat(message)
        .contains("  + dev.attache.control.b.New")
        .contains("  - dev.attache.control.a.Gone")
        .doesNotContain("Kept")
        .contains("-D" + UPDATE + "=true");
    assertThat(difference(listed, listed, Path.of("public-api.txt"))).isEmpty();
  }

  /** What differs between the listing and the compiled classes, or empty when nothing does. */
  static String difference(SortedSet<String> listed, SortedSet<String> compiled, Path listing) {
    SortedSet<String> added = new TreeSet<>(compiled);
    added.removeAll(listed);
    SortedSet<String> removed = new TreeSet<>(listed);
    removed.removeAll(compiled);
    if (added.isEmpty() && removed.isEmpty()) {
      return "";
    }
    StringBuilder message = new StringBuilder("control-core's public surface differs from ")
        .append(listing).append('\n');
    if (!added.isEmpty()) {
      message.append("public but not listed (make it package-private or move it to an internal ")
          .append("package, unless it is an entry point):\n");
      added.forEach(type -> message.append("  + ").append(type).append('\n'));
    }
    if (!removed.isEmpty()) {
      message.append("listed but no longer public (or gone):\n");
      removed.forEach(type -> message.append("  - ").append(type).append('\n'));
    }
    return message.append("after review, rewrite the listing: ").append(UPDATE_COMMAND).toString();
  }

  /** The public top-level classes, interfaces, records, enums and annotations under a class folder. */
  static SortedSet<String> publicTopLevelTypes(Path classes) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      files.filter(file -> file.getFileName().toString().endsWith(".class"))
          .map(file -> classes.relativize(file).toString())
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          // Nested types are compiled to Outer$Inner; package-info and module-info are not types.
          .filter(name -> !name.contains("$") && !name.endsWith("-info"))
          .forEach(names::add);
    }
    SortedSet<String> publicTypes = new TreeSet<>();
    ClassLoader loader = PublicSurfaceTest.class.getClassLoader();
    for (String name : names) {
      Class<?> type;
      try {
        // Loaded, not initialized: no static initializer runs.
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("compiled class " + name + " is not on the test classpath", e);
      }
      if (Modifier.isPublic(type.getModifiers()) && type.getEnclosingClass() == null) {
        publicTypes.add(name);
      }
    }
    return publicTypes;
  }

  static SortedSet<String> read(Path listing) throws IOException {
    SortedSet<String> names = new TreeSet<>();
    for (String line : Files.readAllLines(listing)) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        names.add(name);
      }
    }
    return names;
  }

  /** control-core's compiled main classes: the folder (or jar's folder) a main class came from. */
  private static Path mainClasses() {
    try {
      Path location = Path.of(ServeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(location)) {
        throw new IllegalStateException("control-core's main classes are in " + location
            + ", not a folder; run this test from the module's build");
      }
      return location;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** control-core's folder: {@code attache.projectRoot} as the build sets it, else the working folder. */
  private static Path moduleDir() {
    String root = System.getProperty("attache.projectRoot");
    Path here = Path.of("").toAbsolutePath();
    if (root != null) {
      return Path.of(root).resolve("control-core");
    }
    return Files.isDirectory(here.resolve("control-core")) ? here.resolve("control-core") : here;
  }
}
