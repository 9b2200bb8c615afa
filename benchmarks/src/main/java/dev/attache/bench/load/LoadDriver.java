package dev.attache.bench.load;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one unary gRPC method with asynchronous calls and records latency in an HdrHistogram:
 * a closed loop (each completed call starts the next, {@code concurrency} in flight) or an open
 * loop (calls start on a fixed schedule; latency counts from the scheduled start, so a stalled
 * server is charged for the calls it delayed).
 */
public final class LoadDriver<Q, R> {
  private static final long MAX_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Channel channel;
  private final MethodDescriptor<Q, R> method;
  private final Supplier<Q> requests;
  private final Recorder recorder = new Recorder(MAX_TRACKABLE_NANOS, 3);
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();

  public LoadDriver(Channel channel, MethodDescriptor<Q, R> method, Supplier<Q> requests) {
    this.channel = requireNonNull(channel, "channel");
    this.method = requireNonNull(method, "method");
    this.requests = requireNonNull(requests, "requests");
  }

  /** Runs warm-up, then the recorded period, and returns what was recorded. */
  public LoadResult run(String name, LoadSpec spec) throws InterruptedException {
    prime();
    running.set(true);
    Thread sender = null;
    Semaphore inFlight = new Semaphore(spec.concurrency());
    if (spec.isOpenLoop()) {
      sender = Thread.ofPlatform().name("load-open-" + name).start(() -> openLoop(spec, inFlight));
    } else {
      for (int i = 0; i < spec.concurrency(); i++) {
        inFlight.acquireUninterruptibly();
        closedLoopCall(inFlight);
      }
    }
    Thread.sleep(spec.warmup().toMillis());
    recorder.reset();
    ok.set(0);
    failed.set(0);
    long start = System.nanoTime();
    Thread.sleep(spec.duration().toMillis());
    Histogram h = recorder.getIntervalHistogram();
    long okCalls = ok.get();
    long failedCalls = failed.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    running.set(false);
    if (sender != null) {
      sender.join();
    }
    // Let the calls in flight finish so the next target starts on a quiet server.
    inFlight.tryAcquire(spec.concurrency(), 30, TimeUnit.SECONDS);
    return new LoadResult(name, spec.mode(), okCalls, failedCalls, seconds,
        micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(99)),
        micros(h.getValueAtPercentile(99.9)), micros(h.getMaxValue()));
  }

  /**
   * One call before the clock starts, so connection setup is not measured. Its outcome does not
   * matter: a target that fails every call is counted during the run.
   */
  private void prime() {
    try {
      ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
          requests.get());
    } catch (RuntimeException e) {
      // counted during the run
    }
  }

  private void closedLoopCall(Semaphore inFlight) {
    long start = System.nanoTime();
    call(start, () -> {
      if (running.get()) {
        closedLoopCall(inFlight);
      } else {
        inFlight.release();
      }
    });
  }

  private void openLoop(LoadSpec spec, Semaphore inFlight) {
    long interval = TimeUnit.SECONDS.toNanos(1) / spec.ratePerSecond();
    long next = System.nanoTime();
    while (running.get()) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue;
      }
      long intended = next;
      next += interval;
      if (!inFlight.tryAcquire()) {
        // The cap is reached: the server is not keeping up. Count it rather than queue forever.
        failed.incrementAndGet();
        continue;
      }
      call(intended, inFlight::release);
    }
  }

  private void call(long startNanos, Runnable then) {
    ClientCalls.asyncUnaryCall(channel.newCall(method, CallOptions.DEFAULT), requests.get(),
        new StreamObserver<R>() {
          @Override
          public void onNext(R value) {}

          @Override
          public void onError(Throwable t) {
            failed.incrementAndGet();
            then.run();
          }

          @Override
          public void onCompleted() {
            recorder.recordValue(Math.min(System.nanoTime() - startNanos, MAX_TRACKABLE_NANOS));
            ok.incrementAndGet();
            then.run();
          }
        });
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }

}
