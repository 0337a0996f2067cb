package dev.pbft.bench.load;

import dev.pbft.client.PbftClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * One closed-loop worker: exactly one invocation outstanding; its completion issues the next.
 * No thread of its own: the chain runs on the client's thread (where {@code invokeAsync} never
 * blocks, and the engine guarantees a free slot because a principal serves at most
 * {@code client.outstanding.max} workers).
 */
final class Worker {
    /** Pause before retrying after a failure that came back at once, so a dead client cannot spin. */
    private static final long IMMEDIATE_FAILURE_PAUSE_MILLIS = 10;

    private final PbftClient client;
    private final java.util.function.Supplier<byte[]> operation;
    private final java.util.function.Predicate<byte[]> readOnly;
    private final Recorder latencyMicros;
    private final AtomicLong errors;
    private final LoadEngine.RunState state;
    private final ScheduledExecutorService offloader;
    private final CountDownLatch stopped;

    Worker(PbftClient client, java.util.function.Supplier<byte[]> operation, java.util.function.Predicate<byte[]> readOnly,
           Recorder latencyMicros, AtomicLong errors, LoadEngine.RunState state, ScheduledExecutorService offloader,
           CountDownLatch stopped) {
        this.client = client;
        this.operation = operation;
        this.readOnly = readOnly;
        this.latencyMicros = latencyMicros;
        this.errors = errors;
        this.state = state;
        this.offloader = offloader;
        this.stopped = stopped;
    }

    void start() {
        issue();
    }

    private void issue() {
        if (state.stopping()) {
            stopped.countDown();
            return;
        }
        long beginNanos = System.nanoTime();
        CompletableFuture<byte[]> result;
        try {
            byte[] op = operation.get();
            result = readOnly.test(op) ? client.invokeReadOnlyAsync(op) : client.invokeAsync(op);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        if (result.isDone()) {
            // Finished already (a refusal, or a closed client): continuing on this stack could
            // recurse without bound, so hand the next step to another thread.
            CompletableFuture<byte[]> done = result;
            long pause = done.isCompletedExceptionally() ? IMMEDIATE_FAILURE_PAUSE_MILLIS : 0;
            try {
                offloader.schedule(() -> complete(beginNanos, done.isCompletedExceptionally()), pause,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException engineDone) {
                stopped.countDown();
            }
        } else {
            result.whenComplete((reply, error) -> complete(beginNanos, error != null));
        }
    }

    /** Replies are not checked: the null service answers zeros and f+1 matching replies were required. */
    private void complete(long beginNanos, boolean failed) {
        if (failed) {
            if (!state.closing()) { // failures caused by our own close are not the group's
                errors.incrementAndGet();
            }
        } else {
            latencyMicros.recordValue(Math.max(0, (System.nanoTime() - beginNanos) / 1_000));
        }
        issue();
    }
}
