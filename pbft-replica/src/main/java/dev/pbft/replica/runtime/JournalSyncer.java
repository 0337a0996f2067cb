package dev.pbft.replica.runtime;

import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit off the core's thread: the core writes its journal entries out (to the operating
 * system) at the end of each burst and asks for a force up to a ticket; this thread forces, covering
 * every ticket asked for meanwhile with one fsync, and then wakes the core's thread, which lets out
 * the messages that waited for those entries. The core goes on with the next burst during the
 * fsync instead of waiting for the disk.
 */
final class JournalSyncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalSyncer.class);

    private final DiskJournal journal;
    private final Runnable wake;
    private final Consumer<Throwable> onFailure;
    private final Thread thread;
    private long requested;
    private volatile long forced;
    private volatile boolean running = true;

    /**
     * @param wake      asks the core's thread to end a burst soon; called after each force
     * @param onFailure a failed force: the replica must stop, its promises are not safe
     */
    JournalSyncer(DiskJournal journal, String name, Runnable wake, Consumer<Throwable> onFailure) {
        this.journal = journal;
        this.wake = wake;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for everything written before {@code ticket} to be forced; any thread. */
    synchronized void request(long ticket) {
        if (ticket > requested) {
            requested = ticket;
            notifyAll();
        }
    }

    /** The highest ticket whose entries are on the device. */
    long forced() {
        return forced;
    }

    private void run() {
        try {
            while (running) {
                long target;
                synchronized (this) {
                    while (running && requested <= forced) {
                        wait();
                    }
                    target = requested;
                }
                if (!running) {
                    return;
                }
                journal.forceWritten();
                forced = target;
                wake.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("journal force failed; the replica stops: what it promised may not be on disk", e);
            onFailure.accept(e);
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
