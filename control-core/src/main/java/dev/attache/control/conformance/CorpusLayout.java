package dev.attache.control.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where each corpus lives under a root: either the shared layout ({@code gatewayapi/},
 * {@code xds/in|out/…}, {@code egctl/in|out}) or an envoyproxy/gateway checkout
 * ({@code internal/gatewayapi/testdata}, {@code internal/xds/translator/testdata},
 * {@code internal/cmd/egctl/testdata/translate}).
 */
record CorpusLayout(Path gatewayApi, Path xds, Path egctl) {

  static CorpusLayout of(Path root) {
    Path checkout = root.resolve("internal");
    if (Files.isDirectory(checkout)) {
      return new CorpusLayout(
          checkout.resolve("gatewayapi/testdata"),
          checkout.resolve("xds/translator/testdata"),
          checkout.resolve("cmd/egctl/testdata/translate"));
    }
    return new CorpusLayout(root.resolve("gatewayapi"), root.resolve("xds"), root.resolve("egctl"));
  }

  boolean hasAny() {
    return Files.isDirectory(gatewayApi) || Files.isDirectory(xds) || Files.isDirectory(egctl);
  }

  /** The input folder of an IR corpus ({@code xds-ir}, {@code extension-xds-ir}, …), if present. */
  Optional<Path> xdsIn(Corpus corpus) {
    Path dir = xds.resolve("in").resolve(corpus.id());
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  Path xdsOut(Corpus corpus) {
    return xds.resolve("out").resolve(corpus.id());
  }
}
