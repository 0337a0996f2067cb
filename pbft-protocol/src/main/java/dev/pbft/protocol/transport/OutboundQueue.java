package dev.pbft.protocol.transport;

import dev.pbft.protocol.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The frames waiting for one link. Bounded: when {@code max} frames wait (peer down or not reading),
 * a new frame is dropped and counted as "queue-full"; PBFT's retransmissions recover what matters,
 * and an unreachable peer cannot grow our heap. A link down for longer than its patience queues
 * nothing more ("peer-down"), and what it queued is dropped when the peer is back ("stale"): a
 * replica restarting after seconds away would otherwise first read, decode and check thousands of
 * messages of a past it cannot use, with a cold JVM, before the answers to its status. Writes are
 * coalesced: any number of frames queued between two event-loop turns leave with one flush.
 */
final class OutboundQueue {
    /** Most messages coalesced into one frame; bounds what a turn holds. */
    static final int HELD_MAX = 64;
    private final Queue<ByteBuf> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();
    private final int max;
    private final long bytesMax;
    private final long patienceNanos;
    private final LongSupplier clock;
    private final TransportStats stats;
    private volatile Channel channel;
    /** When the link last lost its channel (or was created), on {@link #clock}'s scale. */
    private volatile long downSince;
    // A reconnect may move the link to another loop of a multi-threaded group, hence atomic.
    private final AtomicBoolean flushQueued = new AtomicBoolean();

    /** Unicast messages held during one loop turn; guarded by itself (a reconnect may move loops). */
    private final List<Message> held = new ArrayList<>();
    private final Function<List<Message>, List<ByteBuf>> encodeHeld;

    /**
     * @param max            frames queued at most
     * @param bytesMax       bytes queued at most (a lone frame is queued whatever its size): with
     *                       frames of megabytes, a count alone would not bound the heap
     * @param patienceMillis how long a link may be without a channel before its frames are stale
     * @param clock          nanoseconds, {@link System#nanoTime} but in tests
     * @param encodeHeld     turns messages held in one loop turn into frames (one, unless they do
     *                       not fit in one frame)
     */
    OutboundQueue(int max, long bytesMax, long patienceMillis, LongSupplier clock, TransportStats stats,
                  Function<List<Message>, List<ByteBuf>> encodeHeld) {
        this.max = max;
        this.bytesMax = bytesMax;
        this.patienceNanos = patienceMillis * 1_000_000;
        this.clock = clock;
        this.stats = stats;
        this.encodeHeld = encodeHeld;
        this.downSince = clock.getAsLong();
    }

    /**
     * Holds a unicast message sent on the link's own event loop: everything held in one loop turn
     * leaves in one frame at the end of the turn, with one digest and one MAC (the replies a replica
     * owes one client connection after a batch, say). Returns false, holding nothing, when not on
     * the loop or when frames are already waiting; the caller then encodes and offers a frame.
     */
    boolean hold(Message message) {
        Channel ch = channel;
        if (ch == null || !ch.eventLoop().inEventLoop() || !frames.isEmpty() || !ch.isActive()) {
            return false;
        }
        boolean full;
        synchronized (held) {
            if (held.isEmpty()) {
                ch.eventLoop().execute(() -> writeHeld(ch));
            }
            held.add(message);
            full = held.size() >= HELD_MAX;
        }
        if (full) {
            writeHeld(ch);
        }
        return true;
    }

    private void writeHeld(Channel ch) {
        List<Message> batch;
        synchronized (held) {
            if (held.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(held);
            held.clear();
        }
        for (ByteBuf frame : encodeHeld.apply(batch)) {
            if (!ch.isActive()) {
                frame.release();
                drop("closed");
            } else if (ch.isWritable() && frames.isEmpty()) {
                ch.write(frame, ch.voidPromise());
                stats.sent();
            } else {
                // The peer does not keep up (or does not read at all): the bounded queue holds
                // the frame, not Netty's unbounded buffer; it drains when the channel is writable.
                enqueue(frame);
            }
        }
        ch.flush();
    }

    /** Queues a complete frame; callable from any thread. */
    void offer(ByteBuf frame) {
        Channel ch = channel;
        if (ch != null && ch.eventLoop().inEventLoop() && frames.isEmpty() && ch.isActive() && ch.isWritable()) {
            // Already on the link's loop with nothing queued ahead: write now, flush once this turn.
            ch.write(frame, ch.voidPromise());
            stats.sent();
            flushLater(ch);
            return;
        }
        if (ch == null && downTooLong()) {
            frame.release();
            drop("peer-down");
            return;
        }
        enqueue(frame);
    }

    private void enqueue(ByteBuf frame) {
        int length = frame.readableBytes();
        int queued = size.incrementAndGet();
        long queuedBytes = bytes.addAndGet(length);
        if (queued > max || (queued > 1 && queuedBytes > bytesMax)) {
            size.decrementAndGet();
            bytes.addAndGet(-length);
            frame.release();
            drop("queue-full");
            return;
        }
        frames.add(frame);
        scheduleDrain();
    }

    /**
     * Attaches the channel frames go out on, replacing any earlier one; frames queued while the
     * link was down for longer than its patience are dropped.
     */
    synchronized void attach(Channel ch) {
        if (channel == null && downTooLong()) {
            ByteBuf frame;
            while ((frame = frames.poll()) != null) {
                size.decrementAndGet();
                bytes.addAndGet(-frame.readableBytes());
                frame.release();
                drop("stale");
            }
        }
        channel = ch;
        scheduleDrain();
    }

    /**
     * Detaches {@code ch} if it is still the current channel; frames wait for the next one. Returns
     * whether it was.
     */
    synchronized boolean detach(Channel ch) {
        if (channel != ch) {
            return false;
        }
        channel = null;
        downSince = clock.getAsLong();
        return true;
    }

    /** Whether {@code ch} is the channel frames go out on now. */
    boolean isChannel(Channel ch) {
        return channel == ch;
    }

    private boolean downTooLong() {
        return clock.getAsLong() - downSince > patienceNanos;
    }

    boolean hasChannel() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** Tries to drain again, e.g. after the channel became writable. */
    void scheduleDrain() {
        Channel ch = channel;
        if (ch != null && ch.isActive() && drainScheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(this::drain);
        }
    }

    /** Queues one flush behind the loop's current work; only called on the channel's loop. */
    private void flushLater(Channel ch) {
        if (flushQueued.compareAndSet(false, true)) {
            ch.eventLoop().execute(() -> {
                flushQueued.set(false);
                ch.flush();
            });
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return;
        }
        boolean wrote = false;
        ByteBuf frame;
        while (ch.isWritable() && (frame = frames.poll()) != null) {
            size.decrementAndGet();
            bytes.addAndGet(-frame.readableBytes());
            ch.write(frame, ch.voidPromise());
            stats.sent();
            wrote = true;
        }
        if (wrote) {
            ch.flush();
        }
    }

    int size() {
        return size.get();
    }

    /** Frames this queue dropped, for any reason, since it was made. */
    long dropped() {
        return dropped.sum();
    }

    private void drop(String reason) {
        dropped.increment();
        stats.dropped(reason);
    }
}
