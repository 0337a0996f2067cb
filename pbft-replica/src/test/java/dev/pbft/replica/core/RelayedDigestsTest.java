package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.message.BatchFetch;
import dev.pbft.protocol.message.DigestPrePrepare;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Relayed requests named by digest in PRE-PREPAREs ({@code request.relayed.digests = 1}). */
class RelayedDigestsTest {
    private static final int CLIENT = 4;

    @Test
    void aRequestThePrimaryRelayedTravelsInItsPrePrepareByDigestAndNoBackupFetches() {
        CoreHarness h = CoreHarness.withRelayedDigests(4, 1);
        List<Message> sent = record(h);
        h.sendOnly(0, CLIENT, put(CLIENT, 1, "k", "v")); // to the primary alone, which relays it
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
        assertEquals(3, count(sent, Request.class), "relayed once to each backup");
        assertEquals(3, count(sent, DigestPrePrepare.class));
        assertEquals(0, count(sent, PrePrepare.class), "no backup receives the request a second time");
        assertEquals(0, count(sent, BatchFetch.class), "the relay came ahead of the PRE-PREPARE");
        DigestPrePrepare d = (DigestPrePrepare) sent.stream().filter(m -> m instanceof DigestPrePrepare).findFirst()
                .orElseThrow();
        assertTrue(d.batch().get(0) instanceof DigestPrePrepare.ByDigest);
    }

    @Test
    void aRequestThePrimaryHadFromAnotherReplicaTravelsWhole() {
        CoreHarness h = CoreHarness.withRelayedDigests(4, 1);
        List<Message> sent = record(h);
        h.sendOnly(1, CLIENT, put(CLIENT, 1, "k", "v")); // a backup relays it, the primary does not
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
        assertEquals(3, count(sent, PrePrepare.class));
        assertEquals(0, count(sent, DigestPrePrepare.class));
    }

    @Test
    void aBackupWhoseRelayWasLostFetchesTheBatchFromThePrimary() {
        CoreHarness h = CoreHarness.withRelayedDigests(4, 1);
        h.drop = e -> e.from() == 0 && e.to() == 3 && e.message() instanceof Request;
        h.sendOnly(0, CLIENT, put(CLIENT, 1, "k", "v"));
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
        assertEquals(1, h.cores.get(3).stats().separateFetches());
        assertEquals(0, h.cores.get(1).stats().separateFetches());
    }

    @Test
    void aBackupThatThePrePrepareReachedBeforeTheRelayTakesTheRelayWithoutWaitingForTheBatch() {
        CoreHarness h = CoreHarness.withRelayedDigests(4, 1);
        List<Request> held = new ArrayList<>();
        h.drop = e -> {
            boolean relayTo3 = e.from() == 0 && e.to() == 3 && e.message() instanceof Request;
            if (relayTo3) {
                held.add((Request) e.message());
            }
            return relayTo3 || e.message() instanceof dev.pbft.protocol.message.BatchData;
        };
        h.sendOnly(0, CLIENT, put(CLIENT, 1, "k", "v"));
        h.deliverAll();
        assertEquals(0, h.cores.get(3).lastExecuted(), "no body and no batch yet");
        assertEquals(1, h.cores.get(3).stats().separateFetches());
        h.cores.get(3).step(0, held.get(0)); // the relay comes late, the batch never
        h.cores.get(3).flush();
        h.deliverAll();
        assertExecutedEverywhere(h, 1);
    }

    @Test
    void aPrimaryThatRelaysNothingAndHidesTheBatchIsWorkedAroundByTheClientsRetransmission() {
        CoreHarness h = CoreHarness.withRelayedDigests(4, 1);
        Request r = put(CLIENT, 1, "k", "v");
        h.drop = e -> e.from() == 0 && e.to() < 4
                && (e.message() instanceof Request || e.message() instanceof dev.pbft.protocol.message.BatchData);
        h.sendOnly(0, CLIENT, r);
        h.deliverAll();
        h.tick(5);
        assertEquals(0, h.cores.get(1).lastExecuted(), "no backup holds the body, so none endorses it");
        h.broadcast(CLIENT, r); // the client's retransmission goes to every replica
        h.deliverAll();
        h.tick(40);
        assertExecutedEverywhere(h, 1);
    }

    private static void assertExecutedEverywhere(CoreHarness h, long seq) {
        for (ReplicaCore core : h.cores) {
            assertEquals(seq, core.lastExecuted());
        }
    }

    private static List<Message> record(CoreHarness h) {
        List<Message> sent = new ArrayList<>();
        h.alter = e -> {
            if (e.from() < 4 && e.to() < 4) {
                sent.add(e.message());
            }
            return e;
        };
        return sent;
    }

    private static long count(List<Message> sent, Class<?> type) {
        return sent.stream().filter(type::isInstance).count();
    }
}
