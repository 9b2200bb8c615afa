package dev.attache.ratelimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.ratelimit.redis.RedisType;
import dev.attache.ratelimit.server.RatelimitSettings;
import dev.attache.ratelimit.server.RatelimitSettings.Backend;
import dev.attache.ratelimit.server.RatelimitSettings.ConfigType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RatelimitCommandTest {

  static RatelimitSettings parse(Map<String, String> env, String... args) {
    RatelimitCommand cmd = new RatelimitCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.settings(env);
  }

  @Test
  void defaultsAreUpstreams() {
    RatelimitSettings s = parse(Map.of());
    assertThat(s.grpcPort()).isEqualTo(8081);
    assertThat(s.httpPort()).isEqualTo(8080);
    assertThat(s.adminPort()).isEqualTo(6070);
    assertThat(s.configType()).isEqualTo(ConfigType.FILE);
    assertThat(s.configPath()).isEqualTo(Path.of("/srv/runtime_data/current/config"));
    assertThat(s.backend()).isEqualTo(Backend.MEMORY);
    assertThat(s.nearLimitRatio()).isEqualTo(0.8f);
    assertThat(s.expirationJitterMaxSeconds()).isEqualTo(300);
    assertThat(s.redis().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.xdsServerUrl()).isEqualTo("localhost:18000");
    assertThat(s.xdsNodeId()).isEqualTo("default");
    assertThat(s.service().limitHeader()).isEqualTo("RateLimit-Limit");
  }

  @Test
  void environmentIsReadAsUpstreamNamesIt() {
    RatelimitSettings s = parse(Map.ofEntries(Map.entry("GRPC_PORT", "9001"), Map.entry("PORT", "9002"),
        Map.entry("RUNTIME_ROOT", "/rt"), Map.entry("RUNTIME_SUBDIRECTORY", "ratelimit"),
        Map.entry("REDIS_URL", "redis:6379"), Map.entry("REDIS_TYPE", "cluster"), Map.entry("REDIS_TIMEOUT", "250ms"),
        Map.entry("SHADOW_MODE", "true"), Map.entry("CONFIG_TYPE", "GRPC_XDS_SOTW"),
        Map.entry("CONFIG_GRPC_XDS_NODE_METADATA", "a=1,b=2"), Map.entry("NEAR_LIMIT_RATIO", "0.5")));
    assertThat(s.grpcPort()).isEqualTo(9001);
    assertThat(s.httpPort()).isEqualTo(9002);
    assertThat(s.configPath()).isEqualTo(Path.of("/rt/ratelimit/config"));
    assertThat(s.backend()).isEqualTo(Backend.REDIS);
    assertThat(s.redis().type()).isEqualTo(RedisType.CLUSTER);
    assertThat(s.redis().timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.service().globalShadowMode()).isTrue();
    assertThat(s.configType()).isEqualTo(ConfigType.GRPC_XDS_SOTW);
    assertThat(s.xdsNodeMetadata()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(s.nearLimitRatio()).isEqualTo(0.5f);
  }

  @Test
  void flagsOverrideTheEnvironment() {
    RatelimitSettings s = parse(Map.of("GRPC_PORT", "9001", "BACKEND_TYPE", "redis", "REDIS_URL", "a:1"),
        "--config", "/etc/rl", "--port", "7001", "--http-port", "7002", "--admin-port", "7003",
        "--backend", "memory", "--redis-url", "redis://b:2");
    assertThat(s.configPath()).isEqualTo(Path.of("/etc/rl"));
    assertThat(s.grpcPort()).isEqualTo(7001);
    assertThat(s.httpPort()).isEqualTo(7002);
    assertThat(s.adminPort()).isEqualTo(7003);
    assertThat(s.backend()).isEqualTo(Backend.MEMORY);
    assertThat(s.redis().url()).isEqualTo("redis://b:2");
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> parse(Map.of("REDIS_TIMEOUT", "soon"))).hasMessage("REDIS_TIMEOUT: 'soon' (expected: a duration such as 500ms, 10s or 1m)");
    assertThatThrownBy(() -> parse(Map.of("BACKEND_TYPE", "memcache"))).hasMessageContaining("BACKEND_TYPE: 'memcache'");
    assertThatThrownBy(() -> parse(Map.of("REDIS_TYPE", "ring"))).hasMessage("REDIS_TYPE: 'ring' (expected: SINGLE, SENTINEL or CLUSTER)");
    assertThatThrownBy(() -> parse(Map.of("SHADOW_MODE", "maybe"))).hasMessage("SHADOW_MODE: 'maybe' (expected: true or false)");
    assertThatThrownBy(() -> parse(Map.of(), "--port", "70000")).hasMessage("GRPC_PORT: 70000 (expected: 0-65535)");
  }

  @Test
  void helpListsTheFlags() {
    StringWriter out = new StringWriter();
    int code = new CommandLine(new RatelimitCommand()).setOut(new PrintWriter(out)).execute("--help");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("--config", "--port", "--http-port", "--admin-port", "--backend", "--redis-url", "REDIS_URL");
  }

  @Test
  void credentialsAreNotPrinted() {
    RatelimitSettings s = parse(Map.of("REDIS_URL", "redis://user:hunter2@r:6379", "REDIS_AUTH", "hunter2"));
    assertThat(s.redis().toString()).doesNotContain("hunter2").contains("redis://*****@r:6379");
  }
}
