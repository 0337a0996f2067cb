package dev.pbft.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong();
    private final TransportStats stats = new TransportStats();
    private final OutboundQueue queue = new OutboundQueue(100, 1 << 20, 4_000, now::get, stats, held -> List.of());

    @Test
    void aPeerAwayLongerThanThePatienceGetsNoneOfWhatWasQueuedForIt() {
        ByteBuf early = frame(1);
        queue.offer(early);
        assertEquals(1, queue.size(), "a peer not yet connected: queued");
        now.set(5 * SECOND);
        ByteBuf late = frame(2);
        queue.offer(late);
        assertEquals(1, queue.size());
        assertEquals(0, late.refCnt(), "down too long: dropped and released");

        EmbeddedChannel peer = new EmbeddedChannel();
        queue.attach(peer);
        peer.runPendingTasks();
        assertEquals(0, queue.size());
        assertEquals(0, early.refCnt());
        assertNull(peer.readOutbound(), "the stale frame never reaches the peer");
        assertEquals(Map.of("peer-down", 1L, "stale", 1L), stats.dropped());
        assertEquals(2, queue.dropped(), "the queue counts its own drops, for metrics per peer");
    }

    @Test
    void aLinkThatBlinkedKeepsWhatItQueuedMeanwhile() {
        EmbeddedChannel first = new EmbeddedChannel();
        queue.attach(first);
        first.runPendingTasks();
        now.set(10 * SECOND);
        queue.detach(first);
        now.set(11 * SECOND);
        ByteBuf meanwhile = frame(3);
        queue.offer(meanwhile);
        now.set(13 * SECOND);
        EmbeddedChannel second = new EmbeddedChannel();
        queue.attach(second);
        second.runPendingTasks();
        ByteBuf out = second.readOutbound();
        assertEquals(3, out.readByte());
        out.release();
        assertEquals(Map.of(), stats.dropped());
    }

    @Test
    void largeFramesAreBoundedByBytesNotOnlyByCountButALoneFrameAlwaysFits() {
        ByteBuf lone = Unpooled.wrappedBuffer(new byte[3 << 20]);
        queue.offer(lone);
        assertEquals(1, queue.size(), "larger than the byte bound, but alone");
        ByteBuf second = Unpooled.wrappedBuffer(new byte[1024]);
        queue.offer(second);
        assertEquals(1, queue.size());
        assertEquals(0, second.refCnt(), "over the byte bound: dropped and released");
        assertEquals(Map.of("queue-full", 1L), stats.dropped());

        OutboundQueue fresh = new OutboundQueue(100, 1 << 20, 4_000, now::get, stats, held -> List.of());
        for (int i = 0; i < 5; i++) {
            fresh.offer(Unpooled.wrappedBuffer(new byte[256 << 10]));
        }
        assertEquals(4, fresh.size(), "1 MiB of 256 KiB frames, well under the count bound");
        assertEquals(Map.of("queue-full", 2L), stats.dropped());
    }

    private static ByteBuf frame(int marker) {
        return Unpooled.buffer(1).writeByte(marker);
    }
}
