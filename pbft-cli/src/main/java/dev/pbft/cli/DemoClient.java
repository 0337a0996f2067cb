package dev.pbft.cli;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** One closed-loop client thread of the demo: an operation, its latency, the next. */
final class DemoClient {
    private final KvWorkload workload;
    private final Histogram latencyMicros = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long operations;
    private volatile long errors;

    DemoClient(KvWorkload workload) {
        this.workload = workload;
        this.thread = new Thread(this::loop, "demo-client");
    }

    void start() {
        thread.start();
    }

    private void loop() {
        while (running) {
            long begin = System.nanoTime();
            try {
                workload.next();
                operations++;
                latencyMicros.recordValue(Math.min(latencyMicros.getHighestTrackableValue(),
                        (System.nanoTime() - begin) / 1_000));
            } catch (RuntimeException e) {
                errors++;
                System.err.println("demo: operation failed: " + e.getMessage());
            }
        }
    }

    /** Stops after the current operation; returns false if that did not end within 30 s. */
    boolean stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        return !thread.isAlive();
    }

    long operations() {
        return operations;
    }

    long errors() {
        return errors;
    }

    long wrongResults() {
        return workload.wrongResults();
    }

    /** Read only after {@link #stop()}. */
    Histogram latencyMicros() {
        return latencyMicros;
    }
}
