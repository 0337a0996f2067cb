package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Read-only requests ({@code request.read-only = 1}): answered at once, outside the order. */
class ReadPathTest {
    private static final int CLIENT = 4;

    @Test
    void aReadRunsAtOnceOnEveryReplicaWithoutBeingOrdered() {
        CoreHarness h = CoreHarness.withReadOnly(4, 1, RequestVerifier.ACCEPT_ALL);
        h.submit(0, CLIENT, put(CLIENT, 1, "k", "v"));
        h.deliverAll();
        h.broadcast(CLIENT, get(2, "k"));
        h.deliverAll();
        List<Reply> replies = h.replies(CLIENT, 2);
        assertEquals(4, replies.size());
        Bytes expected = Bytes.wrap(KvCodec.encodeResult(dev.pbft.protocol.kv.KvResult.ok(Bytes.utf8("v"))));
        assertTrue(replies.stream().allMatch(r -> r.result().equals(expected)), replies.toString());
        for (ReplicaCore core : h.cores) {
            assertEquals(1, core.lastExecuted(), "the read took no sequence number");
            assertEquals(1, core.stats().readsExecuted());
        }
    }

    @Test
    void aReadWaitsUntilTheReplicaExecutedWhatItHadPrepared() {
        CoreHarness h = CoreHarness.withReadOnly(4, 1, RequestVerifier.ACCEPT_ALL);
        h.drop = e -> e.to() == 1 && e.message() instanceof dev.pbft.protocol.message.Commit;
        h.submit(0, CLIENT, put(CLIENT, 1, "k", "v"));
        h.deliverAll();
        ReplicaCore backup = h.cores.get(1);
        assertEquals(0, backup.lastExecuted(), "prepared, its COMMITs not yet in");
        backup.step(CLIENT, get(2, "k"));
        assertTrue(h.replies(CLIENT, 2).isEmpty(), "the write it prepared may have completed elsewhere");
        h.drop = e -> false;
        h.tick(40); // the others re-send what it lacks
        assertEquals(1, backup.lastExecuted());
        Bytes expected = Bytes.wrap(KvCodec.encodeResult(dev.pbft.protocol.kv.KvResult.ok(Bytes.utf8("v"))));
        assertEquals(expected, h.replies(CLIENT, 2).get(0).result());
        assertTrue(h.replies(CLIENT, 2).get(0).read());
    }

    @Test
    void readsThatWaitAreBoundedAndTheRestRefused() {
        CoreHarness h = CoreHarness.withReadOnly(4, 1, RequestVerifier.ACCEPT_ALL);
        h.drop = e -> e.to() == 1 && e.message() instanceof dev.pbft.protocol.message.Commit;
        h.submit(0, CLIENT, put(CLIENT, 1, "k", "v"));
        h.deliverAll();
        ReplicaCore backup = h.cores.get(1);
        for (int t = 2; t < 2 + 2 * 8; t++) {
            backup.step(CLIENT, get(t, "k")); // the client's budget of 2W in a period, W = 8
        }
        assertEquals(0, backup.stats().rejected("read-only:too-many-waiting"), "W per client of the config: 16");
        Request other = get(1, "k");
        backup.step(CLIENT + 1, new Request(CLIENT + 1, 1, other.operation(), true, Bytes.EMPTY));
        assertEquals(1, backup.stats().rejected("read-only:too-many-waiting"), "another client's read finds no room");
        assertEquals(0, backup.stats().readsExecuted());
        h.drop = e -> false;
        h.tick(40);
        assertEquals(16, backup.stats().readsExecuted(), "the waiting ones are answered once it executed");
    }

    @Test
    void withTheReadOnlyPathOffAReadIsRefused() {
        CoreHarness h = new CoreHarness(4, 1);
        h.broadcast(CLIENT, get(1, "k"));
        h.deliverAll();
        assertEquals(0, h.replies(CLIENT, 1).size());
        assertEquals(1, h.cores.get(0).stats().rejected("read-only:not-enabled"));
    }

    @Test
    void aWriteSentAsReadOnlyIsNeitherRunNorOrdered() {
        CoreHarness h = CoreHarness.withReadOnly(4, 1, RequestVerifier.ACCEPT_ALL);
        Request write = put(CLIENT, 1, "k", "v");
        h.broadcast(CLIENT, new Request(CLIENT, 1, write.operation(), true, Bytes.EMPTY));
        h.deliverAll();
        h.broadcast(CLIENT, get(2, "k"));
        h.deliverAll();
        assertEquals(0, h.replies(CLIENT, 1).size());
        assertEquals(1, h.cores.get(1).stats().rejected("read-only:not-read-only"));
        assertEquals(Bytes.wrap(KvCodec.encodeResult(dev.pbft.protocol.kv.KvResult.notFound())),
                h.replies(CLIENT, 2).get(0).result(), "the state did not change");
        assertEquals(0, h.cores.get(1).lastExecuted());
    }

    @Test
    void onlyTheClientItselfWithAValidMacGetsAnAnswer() {
        CoreHarness h = CoreHarness.withReadOnly(4, 1, r -> !r.clientAuth().equals(Bytes.utf8("bad")));
        h.cores.get(1).step(2, get(1, "k")); // passed on by replica 2
        h.cores.get(1).step(CLIENT, new Request(CLIENT, 2, get(2, "k").operation(), true, Bytes.utf8("bad")));
        h.deliverAll();
        assertEquals(0, h.toClients.size());
        assertEquals(1, h.cores.get(1).stats().rejected("read-only:wrong-sender"));
        assertEquals(1, h.cores.get(1).stats().rejected("read-only:bad-client-auth"));
    }

    @Test
    void aFloodOfReadsIsCutOffByTheClientsBudget() {
        CoreHarness h = CoreHarness.withReadOnly(4, 1, RequestVerifier.ACCEPT_ALL);
        ReplicaCore core = h.cores.get(1);
        for (int t = 1; t <= 1_000; t++) {
            core.step(CLIENT, get(t, "k"));
        }
        assertEquals(2 * 8, core.stats().readsExecuted(), "2W reads a status period (W = 8 here)");
        assertTrue(core.stats().rejected("request:client-over-budget") > 900);
    }

    private static Request get(long timestamp, String key) {
        byte[] op = KvCodec.encode(new KvOp.Get(Bytes.utf8(key)));
        return new Request(CLIENT, timestamp, Bytes.wrap(op), true, Bytes.EMPTY);
    }
}
