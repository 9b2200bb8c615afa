package dev.attache.wasm.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds every blocking read of a response body. The JDK HTTP client has no read timeout once
 * headers have arrived, so a source that stalls mid-body would hold a pull forever; this
 * interrupts a read that makes no progress within the read timeout (or past the deadline).
 */
final class ReadWatchdog {
  private static final ScheduledExecutorService TIMER = timer();

  private ReadWatchdog() {}

  /** Thrown by a watched stream whose read ran out of time. */
  static final class ReadTimeoutException extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    ReadTimeoutException(String message) {
      super(message);
    }
  }

  static InputStream watch(InputStream in, Duration readTimeout, Deadline deadline) {
    return new Watched(in, readTimeout, deadline);
  }

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "wasm-read-watchdog");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    return Executors.unconfigurableScheduledExecutorService(t);
  }

  private static final class Watched extends FilterInputStream {
    private final Duration readTimeout;
    private final Deadline deadline;
    private final Object lock = new Object();
    private Thread reader;
    private boolean timedOut;

    Watched(InputStream in, Duration readTimeout, Deadline deadline) {
      super(in);
      this.readTimeout = readTimeout;
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (deadline.expired()) {
        throw new ReadTimeoutException("pull timed out");
      }
      Duration limit = deadline.cap(readTimeout);
      synchronized (lock) {
        if (timedOut) {
          throw new ReadTimeoutException("no data for " + limit.toMillis() + " ms");
        }
        reader = Thread.currentThread();
      }
      ScheduledFuture<?> alarm = TIMER.schedule(this::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        if (timedOutNow()) {
          throw new ReadTimeoutException("no data for " + limit.toMillis() + " ms");
        }
        throw e;
      } finally {
        alarm.cancel(false);
        synchronized (lock) {
          reader = null;
          if (timedOut) {
            Thread.interrupted(); // the alarm may have fired after the read returned
          }
        }
      }
    }

    private boolean timedOutNow() {
      synchronized (lock) {
        return timedOut;
      }
    }

    private void expire() {
      synchronized (lock) {
        if (reader == null) {
          return; // the read finished just before the alarm
        }
        timedOut = true;
        reader.interrupt();
      }
      try {
        in.close();
      } catch (IOException ignored) {
        // closing is only a nudge; the interrupt ends the read
      }
    }
  }
}
