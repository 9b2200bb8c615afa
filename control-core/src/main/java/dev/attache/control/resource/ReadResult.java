package dev.attache.control.resource;

import static java.util.Objects.requireNonNull;

import dev.attache.control.resource.meta.ObjectRef;
import java.util.List;

/**
 * What a {@link ResourceReader} made of one file: the objects that read cleanly, the problems
 * of those that did not (each broken object is left out, the others are kept), and the objects
 * of kinds Attaché does not read (a Deployment next to the Gateway), which are skipped quietly
 * as Envoy Gateway skips them. Warnings are unknown fields a lenient reader dropped.
 */
public record ReadResult(ResourceSet resources, List<ResourceProblem> problems, List<ResourceProblem> warnings,
    List<ObjectRef> ignored) {
  public ReadResult {
    requireNonNull(resources, "resources");
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
    ignored = List.copyOf(ignored);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
