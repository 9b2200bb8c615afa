package dev.attache.control.provider;

import static java.util.Objects.requireNonNull;

import dev.attache.control.resource.ResourceProblem;
import dev.attache.control.resource.meta.KubernetesObject;
import java.nio.file.Path;
import java.util.List;

/**
 * One resource file as the provider uses it.
 *
 * @param objects the objects in use from this file: its current content when that reads cleanly,
 *     otherwise the last content of it that did, or none
 * @param problems why the current content does not read (empty when it does)
 * @param contentHash hash of the content the objects came from
 */
public record FileState(Path path, List<KubernetesObject> objects, List<ResourceProblem> problems,
    String contentHash) {
  public FileState {
    requireNonNull(path, "path");
    objects = List.copyOf(objects);
    problems = List.copyOf(problems);
    requireNonNull(contentHash, "contentHash");
  }

  /** What the provider does with this file. */
  public Use use() {
    if (problems.isEmpty()) {
      return Use.CURRENT;
    }
    return contentHash.isEmpty() ? Use.SKIPPED : Use.LAST_GOOD;
  }

  /** Whether a file's objects come from its current content, its last good one, or nowhere. */
  public enum Use { CURRENT, LAST_GOOD, SKIPPED }
}
