package dev.attache.control.provider;

import dev.attache.control.resource.ReadResult;
import dev.attache.control.load.ResourceLoader;
import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.server.config.ConfigFile;
import dev.attache.server.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the files of one watched path, file by file, and never rejects the whole path: a file
 * that does not read keeps its last good content in use (or none, if it never read), so one
 * broken file neither takes the others down nor withdraws configuration that was serving.
 * Unchanged files are not parsed again.
 */
final class DirectoryLoader implements ConfigLoader<Map<Path, FileState>> {
  private final ResourceLoader loader;
  private final Map<Path, Parsed> lastGood = new ConcurrentHashMap<>();
  private final Map<Path, Parsed> lastSeen = new ConcurrentHashMap<>();

  DirectoryLoader(ResourceLoader loader) {
    this.loader = loader;
  }

  @Override
  public Map<Path, FileState> load(List<ConfigFile> files) {
    Map<Path, FileState> out = new LinkedHashMap<>();
    for (ConfigFile f : files) {
      String hash = sha256(f.content());
      Parsed parsed = lastSeen.get(f.path());
      if (parsed == null || !parsed.hash().equals(hash)) {
        ReadResult r = loader.read(f.path(), f.content());
        List<KubernetesObject> objects = new ArrayList<>();
        r.resources().objects().forEach(objects::add);
        parsed = new Parsed(hash, objects, r);
        lastSeen.put(f.path(), parsed);
      }
      if (parsed.result().ok()) {
        lastGood.put(f.path(), parsed);
        out.put(f.path(), new FileState(f.path(), parsed.objects(), List.of(), hash));
      } else {
        Parsed good = lastGood.get(f.path());
        out.put(f.path(), good == null
            ? new FileState(f.path(), List.of(), parsed.result().problems(), "")
            : new FileState(f.path(), good.objects(), parsed.result().problems(), good.hash()));
      }
    }
    // A deleted file's objects go with it.
    lastGood.keySet().retainAll(out.keySet());
    lastSeen.keySet().retainAll(out.keySet());
    return out;
  }

  private static String sha256(String content) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Parsed(String hash, List<KubernetesObject> objects, ReadResult result) {
  }
}
