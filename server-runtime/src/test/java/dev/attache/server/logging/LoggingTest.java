package dev.attache.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
  private final PrintStream originalErr = System.err;

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    Logging.configure(Logging.Format.PLAIN, "info");
  }

  private String logOnce(Logging.Format format, String level) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Logging.configure(format, level);
    LoggerFactory.getLogger("dev.attache.test").info("config {} loaded", "v1");
    LoggerFactory.getLogger("dev.attache.test").debug("debug detail");
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonFormatWritesOneObjectPerLine() throws Exception {
    String out = logOnce(Logging.Format.JSON, "info");
    String[] lines = out.strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode event = new ObjectMapper().readTree(lines[0]);
    assertThat(event.get("level").asText()).isEqualTo("INFO");
    assertThat(event.get("loggerName").asText()).isEqualTo("dev.attache.test");
    assertThat(event.get("formattedMessage").asText()).isEqualTo("config v1 loaded");
  }

  @Test
  void plainFormatHonoursTheLevel() {
    String out = logOnce(Logging.Format.PLAIN, "debug");
    assertThat(out).contains("INFO ").contains("config v1 loaded").contains("DEBUG").contains("debug detail");
  }

  @Test
  void unknownFormatIsRejectedWithTheValue() {
    assertThatThrownBy(() -> Logging.Format.parse("xml"))
        .hasMessage("log format: xml (expected: plain or json)");
  }
}
