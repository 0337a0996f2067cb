package dev.pbft.replica.runtime;

import dev.pbft.protocol.message.Message;
import dev.pbft.replica.core.ReplicaCore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The core on a thread of its own, fed through a bounded {@link Inbox}. */
final class ThreadDriver implements CoreDriver {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadDriver.class);

    private final Inbox inbox;
    private final long tickNanos;
    private final String name;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    ThreadDriver(int inboxCapacity, long tickMillis, String name) {
        this.inbox = new Inbox(inboxCapacity);
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.name = name;
    }

    @Override
    public void wake() {
        inbox.wake();
    }

    @Override
    public void onMessage(int from, Message message) {
        inbox.offer(from, message);
    }

    @Override
    public void start(ReplicaCore core, Runnable onTick, Consumer<Throwable> onFailure) {
        new Thread(() -> run(core, onTick, onFailure), name).start();
    }

    private void run(ReplicaCore core, Runnable onTick, Consumer<Throwable> onFailure) {
        long nextTick = System.nanoTime() + tickNanos;
        try {
            while (running) {
                Inbox.Entry e = inbox.poll(Math.max(0, nextTick - System.nanoTime()));
                if (e != null) {
                    while (e != null) {
                        if (e.message() != null) {
                            core.step(e.from(), e.message());
                        }
                        e = inbox.pollNow();
                    }
                    core.flush();
                }
                long now = System.nanoTime();
                if (now >= nextTick) {
                    core.tick();
                    nextTick = now + tickNanos;
                    onTick.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // An Error too (OutOfMemoryError above all): a core that half-ran a step must stop, loudly.
            LOG.error("{}: core failed; stopping", name, e);
            onFailure.accept(e);
        } finally {
            stopped.countDown();
        }
    }

    @Override
    public void stop() {
        running = false;
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long dropped() {
        return inbox.dropped();
    }
}
