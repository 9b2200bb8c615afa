package dev.attache.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ConfigWatcherTest {
  @TempDir
  Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Map<String, String>> applied = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private ConfigWatcher<Map<String, String>> watcher;

  /** A small format of its own: {@code key=value} lines; a key may appear once across files. */
  private static Map<String, String> parse(List<ConfigFile> files) throws ConfigException {
    Map<String, String> out = new TreeMap<>();
    for (ConfigFile f : files) {
      String[] lines = f.content().split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty()) {
          continue;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException(f.path(), "line " + (i + 1) + ": expected key=value, got '" + line + "'");
        }
        if (out.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
          throw new ConfigException(f.path(), "line " + (i + 1) + ": duplicate key " + line.substring(0, eq));
        }
      }
    }
    return out;
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(ConfigWatcher.class)).addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(ConfigWatcher.class)).detachAppender(logs);
    if (watcher != null) {
      watcher.close();
    }
  }

  private ConfigWatcher<Map<String, String>> watch(Path path) throws Exception {
    watcher = ConfigWatcher.builder("test", path, ConfigWatcherTest::parse)
        .debounce(Duration.ofMillis(50))
        .metrics(registry)
        .onLoad(applied::add)
        .build()
        .start();
    return watcher;
  }

  private double loads(String result) {
    return registry.get("attache.config.loads").tag("result", result).counter().count();
  }

  @Test
  void directoryReloadsOnChange() throws Exception {
    Files.writeString(dir.resolve("a.conf"), "alpha=1\n");
    watch(dir);
    assertThat(watcher.current()).hasValue(Map.of("alpha", "1"));

    Files.writeString(dir.resolve("b.conf"), "beta=2\n");

    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(watcher.current()).hasValue(Map.of("alpha", "1", "beta", "2")));
    assertThat(applied).last().isEqualTo(Map.of("alpha", "1", "beta", "2"));
    assertThat(watcher.status().liveFiles()).extracting(p -> p.getFileName().toString())
        .containsExactly("a.conf", "b.conf");
    assertThat(loads("success")).isEqualTo(2.0);
  }

  @Test
  void brokenFileKeepsLastGoodAndSaysWhichFileAndWhy() throws Exception {
    Files.writeString(dir.resolve("a.conf"), "alpha=1\n");
    watch(dir);
    String goodVersion = watcher.status().liveVersion();

    Files.writeString(dir.resolve("b.conf"), "beta=2\nthis line is broken\n");

    await().atMost(Duration.ofSeconds(10)).until(() -> !watcher.status().lastError().isEmpty());
    ConfigStatus status = watcher.status();
    assertThat(watcher.current()).hasValue(Map.of("alpha", "1"));
    assertThat(status.liveVersion()).isEqualTo(goodVersion);
    assertThat(status.lastErrorFile()).endsWith("b.conf");
    assertThat(status.lastError()).contains("b.conf").contains("line 2: expected key=value");
    assertThat(loads("error")).isEqualTo(1.0);
    assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
        .contains("b.conf").contains("line 2").contains("version " + goodVersion + " stays live"));

    // Fixing the file makes it live and clears the error.
    Files.writeString(dir.resolve("b.conf"), "beta=2\n");
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(watcher.current()).hasValue(Map.of("alpha", "1", "beta", "2")));
    assertThat(watcher.status().lastError()).isEmpty();
  }

  @Test
  void errorAcrossFilesRejectsTheWholeChange() throws Exception {
    Files.writeString(dir.resolve("a.conf"), "alpha=1\n");
    watch(dir);

    Files.writeString(dir.resolve("b.conf"), "alpha=2\n");

    await().atMost(Duration.ofSeconds(10)).until(() -> !watcher.status().lastError().isEmpty());
    assertThat(watcher.status().lastError()).contains("duplicate key alpha");
    assertThat(watcher.current()).hasValue(Map.of("alpha", "1"));
  }

  @Test
  void singleFileIsWatchedAndUnchangedContentIsNotReloaded() throws Exception {
    Path file = dir.resolve("only.conf");
    Files.writeString(file, "alpha=1\n");
    Files.writeString(dir.resolve("other.conf"), "ignored\n");
    watch(file);
    assertThat(watcher.current()).hasValue(Map.of("alpha", "1"));

    Files.writeString(file, "alpha=1\n");
    assertThat(watcher.reloadNow().lastError()).isEmpty();
    assertThat(applied).hasSize(1);

    Files.writeString(file, "alpha=3\n");
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(watcher.current()).hasValue(Map.of("alpha", "3")));
  }

  @Test
  void brokenFirstLoadLeavesNothingLiveWithoutThrowing() throws Exception {
    Files.writeString(dir.resolve("a.conf"), "nonsense\n");
    watch(dir);
    assertThat(watcher.current()).isEmpty();
    assertThat(watcher.status().hasLive()).isFalse();
    assertThat(watcher.status().lastError()).contains("a.conf").contains("line 1");

    Files.writeString(dir.resolve("a.conf"), "alpha=1\n");
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(watcher.current()).hasValue(Map.of("alpha", "1")));
  }
}
