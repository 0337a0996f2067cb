package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.SampleMessages;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Request;
import dev.pbft.replica.service.ExecutionContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules a faulty replica or a lost message used to break; each test failed before its fix. */
class DefenceTest {

    @Test
    void everyMessageTypeIsHandled() {
        CoreHarness h = new CoreHarness(4, 1);
        ReplicaCore core = h.cores.get(1);
        for (long seed = 1; seed <= 20; seed++) {
            for (Message m : new SampleMessages(seed, SampleMessages.LIMITS).oneOfEach()) {
                core.step(m instanceof Request r ? r.client() : 2, m);
                core.checkInvariants();
            }
        }
        core.stats().rejected().keySet().forEach(reason ->
                assertTrue(!reason.endsWith(":unsupported"), "unhandled message type: " + reason));
        // Java 17 has no exhaustive switch over a sealed type: check the samples cover every type.
        var sampled = new java.util.HashSet<Class<?>>();
        new SampleMessages(1, SampleMessages.LIMITS).oneOfEach().forEach(m -> sampled.add(m.getClass()));
        assertEquals(java.util.Set.of(Message.class.getPermittedSubclasses()), sampled);
    }

    @Test
    void votesCountOnlyFromReplicas() {
        CoreHarness h = new CoreHarness(4, 1);
        ReplicaCore backup = h.cores.get(1);
        Bytes d = Bytes.wrap(new byte[32]);
        backup.step(5, new Prepare(0, 1, d, 5));
        backup.step(5, new Commit(0, 1, d, 5));
        backup.step(5, new Checkpoint(8, d, 5));
        assertEquals(1, backup.stats().rejected("prepare:not-from-a-replica"));
        assertEquals(1, backup.stats().rejected("commit:not-from-a-replica"));
        assertEquals(1, backup.stats().rejected("checkpoint:not-from-a-replica"));
    }

    @Test
    void aFloodAboveTheWindowFromOneReplicaDoesNotCrowdOutThePrimary() {
        CoreHarness h = new CoreHarness(4, 1, 2, 16, 8, RequestVerifier.ACCEPT_ALL);
        ReplicaCore backup = h.cores.get(1);
        for (int i = 0; i < 1_000; i++) {
            backup.step(3, new Commit(0, 17 + i % 16, Bytes.wrap(new byte[32]), 3));
        }
        List<Request> batch = List.of(put(4, 1, "k", "v"));
        backup.step(0, new PrePrepare(0, 17, BatchDigest.of(batch), batch));
        assertTrue(backup.stats().rejected("commit:outside-window") > 900);
        assertEquals(0, backup.stats().rejected("pre-prepare:outside-window"), "the primary's share is its own");
    }

    @Test
    void backupsEnforceTheBatchBounds() {
        CoreHarness h = new CoreHarness(4, 1);
        ReplicaCore backup = h.cores.get(1);
        List<Request> many = new ArrayList<>();
        for (int t = 1; t <= 17; t++) {
            many.add(put(4, t, "k", "v"));
        }
        backup.step(0, new PrePrepare(0, 1, BatchDigest.of(many), many));
        byte[] big = KvCodec.encode(new KvOp.Put(Bytes.utf8("k"), Bytes.wrap(new byte[600_000])));
        List<Request> large = List.of(new Request(4, 30, Bytes.wrap(big), false, Bytes.EMPTY),
                new Request(5, 1, Bytes.wrap(big), false, Bytes.EMPTY));
        backup.step(0, new PrePrepare(0, 2, BatchDigest.of(large), large));
        assertEquals(1, backup.stats().rejected("pre-prepare:batch-too-many-requests"));
        assertEquals(1, backup.stats().rejected("pre-prepare:batch-too-large"));
    }

    @Test
    void aReplicaWhoseStateDiffersNoticesAndRepairsItFromTheOthers() {
        CoreHarness h = new CoreHarness(4, 1, 2, 64, 8, RequestVerifier.ACCEPT_ALL);
        h.submit(0, 4, put(4, 1, "a", "1"));
        h.deliverAll();
        // Replica 2's service is corrupted behind the protocol's back.
        h.services.get(2).execute(new ExecutionContext("c0", 99, 1),
                KvCodec.encode(new KvOp.Put(Bytes.utf8("evil"), Bytes.utf8("x"))));
        for (int t = 2; t <= 8; t++) {
            h.submit(0, 4, put(4, t, "k" + t, "v"));
            h.deliverAll();
        }
        ReplicaCore bad = h.cores.get(2);
        assertEquals(1, bad.stats().rejected("checkpoint:own-state-differs"));
        h.tick(100);
        assertEquals(1, bad.stats().stateTransfers());
        assertEquals(h.cores.get(0).stateDigest(), bad.stateDigest());
        assertEquals(8, bad.lowWaterMark());
    }

    @Test
    void aReplicaLeftBehindCatchesUpByStateTransfer() {
        CoreHarness h = new CoreHarness(4, 1, 2, 16, 8, RequestVerifier.ACCEPT_ALL);
        h.drop = e -> e.to() == 3 || e.from() == 3;
        for (int t = 1; t <= 40; t++) {
            h.submit(0, 4, put(4, t, "k" + t, "v"));
            h.deliverAll();
        }
        assertEquals(0, h.cores.get(3).lastExecuted());
        h.drop = e -> false;
        h.tick(300);
        ReplicaCore late = h.cores.get(3);
        assertEquals(40, late.lastExecuted());
        assertTrue(late.stats().stateTransfers() >= 1);
        assertEquals(h.cores.get(0).stateDigest(), late.stateDigest());
        assertNotEquals(0, late.lowWaterMark());
    }
}
