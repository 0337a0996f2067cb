package dev.pbft.client;

import dev.pbft.protocol.message.Reply;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ObjIntConsumer;

/**
 * Hands replies from transport IO threads to the client's thread. Bounded, so a flooding replica
 * cannot grow the heap: when full, a reply is dropped and counted, and retransmission recovers it.
 * One drain task at a time is queued on the executor, and each run takes at most a queue's worth,
 * so a flood cannot starve the client's ticks either.
 */
final class ReplyInbox {
    private record Entry(int from, Reply reply) {
    }

    private final ArrayBlockingQueue<Entry> queue;
    private final int capacity;
    private final Executor executor;
    private final ObjIntConsumer<Reply> sink;
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final LongAdder dropped = new LongAdder();

    /** @param sink called on {@code executor}'s thread with (reply, authenticated sender) */
    ReplyInbox(int capacity, Executor executor, ObjIntConsumer<Reply> sink) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.executor = executor;
        this.sink = sink;
    }

    /** Callable from any thread; never blocks. */
    void offer(int from, Reply reply) {
        if (!queue.offer(new Entry(from, reply))) {
            dropped.increment();
            return;
        }
        queueDrain();
    }

    long dropped() {
        return dropped.sum();
    }

    private void queueDrain() {
        if (drainQueued.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException closed) {
                queue.clear(); // the client is closing: nobody waits for these
            }
        }
    }

    private void drain() {
        // Cleared first: an offer racing with this run queues another drain rather than being missed.
        drainQueued.set(false);
        for (int i = 0; i < capacity; i++) {
            Entry e = queue.poll();
            if (e == null) {
                return;
            }
            sink.accept(e.reply(), e.from());
        }
        queueDrain();
    }
}
