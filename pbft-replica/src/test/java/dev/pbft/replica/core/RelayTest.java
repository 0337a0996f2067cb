package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pbft.protocol.message.Request;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Requests a client sends to the primary alone ({@code request.relay = 1}). */
class RelayTest {
    private static final int CLIENT = 4;

    @Test
    void aRequestSentToThePrimaryAloneIsRelayedOnceEndorsedAndExecutedEverywhere() {
        CoreHarness h = CoreHarness.withRelay(4, 1);
        AtomicInteger relayed = countRequestsBetweenReplicas(h);
        h.sendOnly(0, CLIENT, put(CLIENT, 1, "k", "v"));
        h.deliverAll();
        for (ReplicaCore core : h.cores) {
            assertEquals(1, core.lastExecuted());
        }
        assertEquals(4, h.replies(CLIENT, 1).size());
        assertEquals(3, relayed.get(), "the primary relays it to each backup; a backup relays nothing it was relayed");
    }

    @Test
    void withoutRelayARequestTheBackupsNeverSawIsNotOrdered() {
        CoreHarness h = new CoreHarness(4, 1);
        h.sendOnly(0, CLIENT, put(CLIENT, 1, "k", "v"));
        h.deliverAll();
        assertEquals(0, h.cores.get(0).lastExecuted(), "one endorsement, the primary's own, is not f+1");
    }

    @Test
    void aPrimaryThatRelaysNothingIsWorkedAroundByTheClientsRetransmissionWithoutAViewChange() {
        CoreHarness h = CoreHarness.withRelay(4, 1);
        h.drop = e -> e.from() == 0 && e.to() < 4 && e.message() instanceof Request;
        Request r = put(CLIENT, 1, "k", "v");
        h.sendOnly(0, CLIENT, r);
        h.deliverAll();
        assertEquals(0, h.cores.get(0).lastExecuted(), "the backups cannot endorse what they never got");
        h.broadcast(CLIENT, r); // the client's retransmission goes to every replica
        h.deliverAll();
        for (ReplicaCore core : h.cores) {
            assertEquals(1, core.lastExecuted());
            assertEquals(0, core.view());
        }
    }

    @Test
    void aRequestAStaleClientSendsToABackupAloneReachesThePrimary() {
        CoreHarness h = CoreHarness.withRelay(4, 1);
        h.sendOnly(2, CLIENT, put(CLIENT, 1, "k", "v")); // the client thinks replica 2 is the primary
        h.deliverAll();
        for (ReplicaCore core : h.cores) {
            assertEquals(1, core.lastExecuted());
        }
    }

    private static AtomicInteger countRequestsBetweenReplicas(CoreHarness h) {
        AtomicInteger count = new AtomicInteger();
        h.alter = e -> {
            if (e.message() instanceof Request && e.from() < 4) {
                count.incrementAndGet();
            }
            return e;
        };
        return count;
    }
}
