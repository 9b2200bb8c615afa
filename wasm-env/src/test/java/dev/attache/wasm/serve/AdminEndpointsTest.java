package dev.attache.wasm.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.server.admin.AdminServer;
import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.cache.ModuleRequest;
import dev.attache.wasm.cache.ModuleSource;
import dev.attache.wasm.cache.PullPolicy;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.HttpSource;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.WasmFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, readiness, Prometheus metrics and the config dump, through server-runtime's admin server. */
class AdminEndpointsTest {
  @TempDir Path dir;
  HttpSource source;
  PrometheusMeterRegistry registry;
  WasmModules wasm;
  AdminServer admin;

  @BeforeEach
  void start() {
    source = HttpSource.start();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    wasm = WasmFixture.start(WasmFixture.settings(dir), registry);
    admin = AdminServer.builder("wasm").host("127.0.0.1").port(0).metrics(registry)
        .readiness(wasm::ready).configDump(wasm::configDump).build().start();
  }

  @AfterEach
  void stop() {
    admin.close();
    wasm.close();
    source.close();
  }

  private String get(String path) {
    Downloads.Result r = Downloads.get(URI.create("http://127.0.0.1:" + admin.port() + path));
    assertThat(r.status()).as(path).isEqualTo(200);
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void metricsCountFetchesLookupsDownloadsAndCacheSize() {
    byte[] module = TestModules.withCustomSection("metered", 100);
    source.serve("/ok.wasm", module).status("/gone.wasm", 404);
    ModuleRequest ok = ModuleRequest.of(new ModuleSource.Http(source.url("/ok.wasm")), Sha256.of(module),
        PullPolicy.UNSPECIFIED, "envoyextensionpolicy/default/p/wasm/0", "1");
    Served served = (Served) wasm.resolve("default/gw", ok);
    wasm.resolve("default/gw", ok);
    wasm.resolve("default/gw", ModuleRequest.of(new ModuleSource.Http(source.url("/gone.wasm")), null,
        PullPolicy.UNSPECIFIED, "envoyextensionpolicy/default/p/wasm/1", "1"));
    Downloads.get(served.code().servingUrl());

    String metrics = get("/metrics");

    assertThat(metrics)
        .contains("wasm_cache_entries 1.0")
        .contains("wasm_cache_size_bytes " + (double) module.length)
        .contains("wasm_cache_lookup_total{hit=\"true\"} 1.0")
        .contains("wasm_cache_lookup_total{hit=\"false\"} 2.0")
        .contains("wasm_remote_fetch_total{reason=\"\",status=\"success\"} 1.0")
        .contains("wasm_remote_fetch_total{reason=\"download_error\",status=\"failure\"} 1.0")
        .contains("wasm_module_downloads_total{code=\"200\"} 1.0");
  }

  @Test
  void healthReadinessAndAConfigDumpWithoutDownloadPaths() {
    byte[] module = TestModules.withCustomSection("dumped", 10);
    source.serve("/m.wasm", module);
    Served served = (Served) wasm.resolve("default/gw", ModuleRequest.of(new ModuleSource.Http(source.url("/m.wasm")),
        null, PullPolicy.UNSPECIFIED, "envoyextensionpolicy/default/p/wasm/0", "1"));

    assertThat(get("/healthz")).isEqualTo("ok\n");
    assertThat(get("/ready")).isEqualTo("ready\n");
    String dump = get("/config_dump");
    assertThat(dump).contains(Sha256.of(module).hex()).contains("\"publishedPaths\" : 1");
    assertThat(dump).doesNotContain(served.code().servingUrl().getPath().substring(1));
  }
}
