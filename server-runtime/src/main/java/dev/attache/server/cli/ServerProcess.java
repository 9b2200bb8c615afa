package dev.attache.server.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns what a server command started and stops it in reverse order on SIGTERM or SIGINT (the
 * JVM's shutdown hooks), so a gRPC server drains its in-flight calls before the admin server and
 * the config watchers go away.
 */
public final class ServerProcess {
  private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);

  public ServerProcess() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "attache-shutdown"));
  }

  /** Registers something to close at shutdown; closed last-in, first-out. */
  public <T extends AutoCloseable> T own(T part) {
    synchronized (parts) {
      parts.push(part);
    }
    return part;
  }

  /** Blocks the command's thread until shutdown completes. */
  public int awaitShutdown() throws InterruptedException {
    stopped.await();
    return 0;
  }

  public void stop() {
    log.info("shutting down");
    while (true) {
      AutoCloseable part;
      synchronized (parts) {
        part = parts.poll();
      }
      if (part == null) {
        break;
      }
      try {
        part.close();
      } catch (Exception e) {
        log.warn("error while stopping {}: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
    stopped.countDown();
  }
}
