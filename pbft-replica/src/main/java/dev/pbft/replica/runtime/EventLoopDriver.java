package dev.pbft.replica.runtime;

import dev.pbft.protocol.message.Message;
import dev.pbft.replica.core.ReplicaCore;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core on the transport's single event loop: a message is stepped on the thread that read and
 * authenticated it, and the burst ends with one {@code flush()} queued behind the loop's current
 * IO work. No queue, no second thread, no wake-ups between them.
 */
final class EventLoopDriver implements CoreDriver {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopDriver.class);

    private final long tickMillis;
    private EventLoop loop;
    private ReplicaCore core;
    private ScheduledFuture<?> ticker;
    private boolean flushQueued;
    private boolean failed;
    private Consumer<Throwable> onFailure = e -> { };

    EventLoopDriver(long tickMillis) {
        this.tickMillis = tickMillis;
    }

    /** The loop to run on; must be the only event loop of the transport that calls this handler. */
    void bind(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public void onMessage(int from, Message message) {
        ReplicaCore c = core; // null until started: early messages are dropped like lost ones
        if (c == null || failed) {
            return;
        }
        guarded(() -> c.step(from, message));
        if (!flushQueued) {
            flushQueued = true;
            loop.execute(this::flush);
        }
    }

    @Override
    public void wake() {
        loop.execute(this::flush);
    }

    private void flush() {
        flushQueued = false;
        ReplicaCore c = core; // null once stopped: a flush queued before stop() finds nothing to do
        if (c != null) {
            guarded(c::flush);
        }
    }

    @Override
    public void start(ReplicaCore core, Runnable onTick, Consumer<Throwable> onFailure) {
        loop.execute(() -> {
            this.onFailure = onFailure;
            this.core = core;
            // With a fixed delay, not a fixed rate: after a stall (GC, a starved CPU) a fixed rate
            // runs every missed tick at once, and the protocol's timers run out before the messages
            // that arrived meanwhile are read. Logical time then counts the replica's own pace.
            ticker = loop.scheduleWithFixedDelay(() -> {
                guarded(core::tick);
                onTick.run();
            }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        });
    }

    private void guarded(Runnable step) {
        if (failed) {
            return;
        }
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            // An Error too (OutOfMemoryError above all): left to Netty it would pass for a bad frame
            // while the core, half-way through a step, went on answering.
            failed = true;
            LOG.error("core failed on the event loop; it will not be stepped again", e);
            onFailure.accept(e);
        }
    }

    @Override
    public void stop() {
        try {
            loop.submit(() -> {
                if (ticker != null) {
                    ticker.cancel(false);
                }
                core = null;
            }).await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long dropped() {
        return 0;
    }
}
