package dev.attache.control.conformance;

import dev.attache.control.extension.ConfiguredExtension;
import dev.attache.control.extension.ConfiguredExtension.FailureMode;
import dev.attache.control.extension.ConfiguredExtension.TranslationInclude;
import dev.attache.control.extension.HookChain;
import dev.attache.control.extension.HookRun;
import dev.attache.control.extension.XdsHook;
import dev.attache.control.ir.IrFormatException;
import dev.attache.control.ir.IrYaml;
import dev.attache.control.ir.Xds;
import dev.attache.control.xds.translate.TranslatorSettings;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.control.xds.translate.XdsTranslator;
import dev.attache.extension.client.ExtensionClient;
import dev.attache.extension.sdk.HookServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code extension-xds-ir} corpus, run as Envoy Gateway's
 * {@code TestTranslateXdsWithExtensionErrorsWhenFailOpen} makes its goldens: each IR is
 * translated with one extension that subscribes to every post hook, sees listeners and routes in
 * the translation hook and fails open, served by {@link ReferenceExtension} on 127.0.0.1 over
 * real gRPC.
 */
final class ExtensionXdsIrCases {
  /** Upstream's test translator sets no controller namespace, only the rate-limit service. */
  private static final TranslatorSettings SETTINGS = new TranslatorSettings("",
      XdsHarness.rateLimitServiceUrl("envoy-gateway-system", "cluster.local"), Set.of());

  private ExtensionXdsIrCases() {}

  static List<CaseResult> run(CorpusLayout layout) {
    Optional<Path> in = layout.xdsIn(Corpus.EXTENSION_XDS_IR);
    if (in.isEmpty()) {
      return List.of();
    }
    Path out = layout.xdsOut(Corpus.EXTENSION_XDS_IR);
    List<CaseResult> results = new ArrayList<>();
    try (Session session = Session.start()) {
      for (Path input : XdsIrCases.inputs(in.get())) {
        results.add(session.runCase(input, out));
      }
    }
    return results;
  }

  /**
   * The reference extension server on 127.0.0.1 and a translator calling it, shared by the
   * cases of one run; closing it stops the server.
   */
  static final class Session implements AutoCloseable {
    private final HookServer server;
    private final ExtensionClient client;
    private final HookChain chain;
    private final XdsTranslator translator = translator();

    private Session(HookServer server, ExtensionClient client) {
      this.server = server;
      this.client = client;
      this.chain = chain(client, FailureMode.FAIL_OPEN);
    }

    static Session start() {
      HookServer server = HookServer.builder(new ReferenceExtension()).host("127.0.0.1").port(0)
          .shutdownGrace(Duration.ZERO).build().start();
      try {
        return new Session(server, ExtensionClient.builder("extension")
            .address("127.0.0.1", server.port()).deadline(Duration.ofSeconds(10)).build());
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }

    CaseResult runCase(Path input, Path outDir) {
      return ExtensionXdsIrCases.runCase(input, outDir, translator, chain);
    }

    @Override
    public void close() {
      try (server) {
        client.close();
      }
    }
  }

  /** Upstream's test extension manager: every post hook, listeners and routes in the translation hook. */
  static HookChain chain(ExtensionClient client, FailureMode mode) {
    return new HookChain(List.of(new ConfiguredExtension("extension", client, EnumSet.allOf(XdsHook.class),
        new TranslationInclude(true, true, true, true), mode)), null);
  }

  static XdsTranslator translator() {
    return new XdsTranslator(SETTINGS);
  }

  private static CaseResult runCase(Path input, Path outDir, XdsTranslator translator, HookChain chain) {
    String name = Documents.caseName(input, ".yaml");
    String family = Families.of(name);
    Xds ir;
    try {
      ir = IrYaml.readXds(Documents.text(input));
    } catch (IrFormatException e) {
      return CaseResult.fail(Corpus.EXTENSION_XDS_IR, name, family, "input not understood: " + e.getMessage());
    }
    HookRun run = chain.start();
    XdsResources resources;
    try {
      resources = translator.translate(ir, run);
    } catch (RuntimeException e) {
      return CaseResult.fail(Corpus.EXTENSION_XDS_IR, name, family, "translator crashed: " + e);
    }
    if (!resources.errors().isEmpty()) {
      return CaseResult.fail(Corpus.EXTENSION_XDS_IR, name, family,
          "translation error: " + resources.errors().getFirst());
    }
    // Upstream compares secrets only when its resource table holds a secret list: once a
    // secret was added or a translation hook answered with the secrets.
    boolean secrets = !resources.secrets().isEmpty() || run.translationHookReplacedSecrets();
    return XdsIrCases.compare(outDir, name, resources, secrets)
        .map(d -> CaseResult.fail(Corpus.EXTENSION_XDS_IR, name, family, d))
        .orElseGet(() -> CaseResult.pass(Corpus.EXTENSION_XDS_IR, name, family));
  }
}
