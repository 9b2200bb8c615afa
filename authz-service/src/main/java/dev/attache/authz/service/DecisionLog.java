package dev.attache.authz.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.attache.authz.decision.Decision;
import dev.attache.authz.decision.Judgement;
import dev.attache.authz.request.HttpRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One JSON line per decision, written by a background thread so a Check never waits on output.
 * Lines record the policy, the outcome and who the client was, never a credential: the path is
 * logged without its query, which may carry a token or key. When output falls behind, lines are
 * dropped and counted rather than slowing requests down.
 */
final class DecisionLog implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();
  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(10_000);
  private final AtomicLong dropped = new AtomicLong();
  private final PrintStream out;
  private final Thread writer;

  DecisionLog(PrintStream out) {
    this.out = out;
    this.writer = Thread.ofPlatform().daemon().name("authz-decision-log").start(this::drain);
  }

  long dropped() {
    return dropped.get();
  }

  void record(String policy, HttpRequest request, Judgement j, long nanos) {
    String line = format(policy, request, j, nanos);
    if (!queue.offer(line)) {
      dropped.incrementAndGet();
    }
  }

  static String format(String policy, HttpRequest request, Judgement j, long nanos) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("time", Instant.now().toString());
      g.writeStringField("policy", policy);
      Decision d = j.decision();
      g.writeStringField("decision", switch (d) {
        case Decision.Allow a -> "allow";
        case Decision.Deny x -> "deny";
        case Decision.Error e -> "error";
      });
      if (d instanceof Decision.Deny deny) {
        g.writeNumberField("status", deny.httpStatus());
      } else if (d instanceof Decision.Allow) {
        g.writeNumberField("status", 200);
      }
      g.writeStringField("reason", d.reason().code());
      if (!j.principal().isEmpty()) {
        g.writeStringField("principal", j.principal());
      }
      if (!j.rule().isEmpty()) {
        g.writeStringField("rule", j.rule());
      }
      if (request != null) {
        g.writeStringField("method", request.method());
        g.writeStringField("host", request.host());
        g.writeStringField("path", request.pathOnly());
        g.writeStringField("source", request.sourceAddress());
      }
      g.writeNumberField("duration_us", nanos / 1000);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private void drain() {
    try {
      while (true) {
        String line = queue.take();
        out.println(line);
      }
    } catch (InterruptedException e) {
      String line;
      while ((line = queue.poll()) != null) {
        out.println(line);
      }
      out.flush();
    }
  }

  @Override
  public void close() {
    writer.interrupt();
  }
}
