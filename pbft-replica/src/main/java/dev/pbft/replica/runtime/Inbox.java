package dev.pbft.replica.runtime;

import dev.pbft.protocol.message.Message;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Authenticated messages waiting for the core thread. Bounded: when the core falls behind, new
 * messages are dropped and counted rather than growing the heap; PBFT's retransmissions recover.
 */
final class Inbox {
    record Entry(int from, Message message) {
    }

    private final BlockingQueue<Entry> queue;
    private final LongAdder dropped = new LongAdder();

    Inbox(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called on IO threads; never blocks. */
    void offer(int from, Message message) {
        if (!queue.offer(new Entry(from, message))) {
            dropped.increment();
        }
    }

    /** Any thread: an entry with no message, which only ends the core thread's wait. */
    void wake() {
        queue.offer(new Entry(-1, null)); // if full, the core is busy and ends a burst anyway
    }

    Entry poll(long timeoutNanos) throws InterruptedException {
        return queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    Entry pollNow() {
        return queue.poll();
    }

    long dropped() {
        return dropped.sum();
    }
}
