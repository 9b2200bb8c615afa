package dev.attache.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Configures the one logging backend (Logback behind SLF4J): plain lines for people, or one JSON
 * object per line for log pipelines. Logs go to standard error so that commands which print
 * results (translate, conformance) keep standard output clean.
 */
public final class Logging {
  /** How log lines look. */
  public enum Format {
    PLAIN,
    JSON;

    public static Format parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "plain", "text" -> PLAIN;
        case "json" -> JSON;
        default -> throw new IllegalArgumentException("log format: " + s + " (expected: plain or json)");
      };
    }
  }

  private Logging() {}

  public static void configure(Format format, String level) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    Encoder<ILoggingEvent> encoder = switch (format) {
      case PLAIN -> {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n%ex");
        yield e;
      }
      case JSON -> {
        JsonEncoder e = new JsonEncoder();
        e.setWithSequenceNumber(false);
        e.setWithNanoseconds(false);
        e.setWithContext(false);
        e.setWithArguments(false);
        // Log pipelines want the text a person reads, not the "{}" template.
        e.setWithMessage(false);
        e.setWithFormattedMessage(true);
        yield e;
      }
    };
    encoder.setContext(ctx);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(ctx);
    appender.setName("stderr");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    root.addAppender(appender);
    // gRPC's and Netty's own chatter is rarely what an operator wants at INFO.
    ctx.getLogger("io.grpc.netty").setLevel(Level.WARN);
    ctx.getLogger("io.netty").setLevel(Level.WARN);
  }
}
