package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.StateRequest;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.KvService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionFetchTest {
    static final int PARTITIONS = 64;
    /** Smaller than a partition: every partition comes in several answers. */
    static final int ANSWER_BYTES = 3_000;

    record Sent(int to, StateRequest request) {
    }

    private final CoreSettings settings = new CoreSettings(3, 4, 1, 6, 16, 8, 16, ANSWER_BYTES, 4, 8,
            p -> "c" + p, new CoreSettings.Timeouts(200, 400, 20));
    private final Deque<Sent> sent = new ArrayDeque<>();
    private final CoreStats stats = new CoreStats();
    private final ReplicatedState source = new ReplicatedState(filledStore(), new ClientTable(8));
    private final ReplicatedState fetcher = new ReplicatedState(new KvService(PARTITIONS, 1 << 30), new ClientTable(8));
    private final PartitionFetch fetch = new PartitionFetch(settings, recorder(), stats, fetcher,
            r -> (r + 1) % 4 == 3 ? (r + 2) % 4 : (r + 1) % 4);

    @Test
    void severalAsksAreOutAtOnceEachToItsOwnReplicaAndTheWholeStateArrives() {
        startOnEveryDifferingPartition();
        Set<Integer> askedAtOnce = new HashSet<>();
        sent.forEach(s -> askedAtOnce.add(s.to()));
        assertEquals(PartitionFetch.STREAMS, sent.size(), "asks out before any answer");
        assertEquals(Set.of(0, 1, 2), askedAtOnce, "every other replica serves a share");

        answerAll(-1);

        assertTrue(fetch.done());
        assertEquals(source.refresh(), fetcher.refresh(), "the fetched state digests like the source's");
        assertEquals(0, stats.stateSourceFaults);
    }

    @Test
    void aSourceThatServesAWrongPartitionIsBlamedAndOnlyItsStreamMovesOn() {
        startOnEveryDifferingPartition();

        answerAll(1);

        assertTrue(fetch.done());
        assertEquals(source.refresh(), fetcher.refresh(), "nothing from the faulty source was used");
        assertTrue(stats.stateSourceFaults >= 1, "the faulty source was caught");
        assertEquals(0, stats.rejected("state-chunk:stale"), "the other streams went on undisturbed");
    }

    private void startOnEveryDifferingPartition() {
        source.refresh();
        fetcher.refresh();
        for (int p = 0; p < source.count(); p++) {
            if (!source.tree().digest(0, p).equals(fetcher.tree().digest(0, p))) {
                fetch.add(p, source.tree().digest(0, p));
            }
        }
        fetch.start(7, Bytes.utf8("root"), 0, 0);
    }

    /** Answers every ask as the source state would, replica {@code faulty} with one byte flipped. */
    private void answerAll(int faulty) {
        for (int turns = 0; !sent.isEmpty(); turns++) {
            assertTrue(turns < 10_000, "the fetch ends");
            Sent s = sent.poll();
            fetch.onChunk(s.to(), answer(s.request(), s.to() == faulty), turns);
        }
    }

    private StateChunk answer(StateRequest r, boolean corrupt) {
        List<StateChunk.Piece> pieces = new ArrayList<>();
        long offset = r.offset();
        int budget = ANSWER_BYTES;
        for (int index : r.indexes()) {
            if (budget <= 0) {
                break;
            }
            byte[] whole = source.read(index);
            int length = (int) Math.min(budget, whole.length - offset);
            byte[] data = Arrays.copyOfRange(whole, (int) offset, (int) offset + length);
            if (corrupt && data.length > 0) {
                data[0] ^= 1;
            }
            pieces.add(new StateChunk.Piece(index, offset, whole.length, Bytes.wrap(data)));
            budget -= Math.max(1, length);
            offset = 0;
        }
        return new StateChunk(r.seq(), r.root(), 0, pieces, 0);
    }

    private static KvService filledStore() {
        KvService kv = new KvService(PARTITIONS, 1 << 30);
        for (int i = 0; i < 400; i++) {
            kv.execute(new ExecutionContext("c0", i, i),
                    KvCodec.encode(new KvOp.Put(Bytes.utf8("key-" + i), Bytes.wrap(new byte[100 + i]))));
        }
        return kv;
    }

    private Outbox recorder() {
        return new Outbox() {
            @Override
            public void send(int to, Message message) {
                sent.add(new Sent(to, (StateRequest) message));
            }

            @Override
            public void multicast(int[] to, Message message) {
                throw new AssertionError("a fetch asks one replica at a time");
            }
        };
    }
}
