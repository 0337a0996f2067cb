package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pbft.protocol.message.Request;
import org.junit.jupiter.api.Test;

/** Clients whose authenticators are good for some replicas and spoiled for others. */
class FaultyClientTest {
    private static final int FAULTY_CLIENT = 5;

    /** Replica {@code shutOut} finds the faulty client's MAC for it spoiled; the others find theirs good. */
    private static CoreHarness spoiledFor(int shutOut) {
        return CoreHarness.withVerifiers(4, 1, replica -> r -> replica != shutOut || r.client() != FAULTY_CLIENT);
    }

    @Test
    void aBackupWhoseMacAloneIsSpoiledStillExecutesWhatTheGroupDecided() {
        CoreHarness h = spoiledFor(3);
        Request spoiled = put(FAULTY_CLIENT, 1, "k", "spoiled for replica 3");
        h.submit(0, FAULTY_CLIENT, spoiled);
        h.deliverAll();
        h.submit(0, 4, put(4, 1, "j", "a correct client's"));
        h.deliverAll();
        ReplicaCore shutOut = h.cores.get(3);
        assertEquals(1, shutOut.stats().rejected("pre-prepare:bad-request"), "it cannot vouch for the request itself");
        assertEquals(2, shutOut.lastExecuted(), "it executes the batch 2f+1 COMMITs decided, fetched by digest");
        for (ReplicaCore core : h.cores) {
            assertEquals(h.cores.get(0).stateDigest(), core.stateDigest());
        }
        assertEquals(4, h.replies(FAULTY_CLIENT, 1).size(), "every replica answers, the shut-out one included");
    }

    @Test
    void aNewViewCarryingSuchARequestIsInstalledEverywhere() {
        // With the primary gone, replica 3 is needed for every quorum: refusing the NEW-VIEW because
        // of the faulty client's spoiled MAC would halt the group.
        CoreHarness h = spoiledFor(3);
        h.drop = e -> e.message() instanceof dev.pbft.protocol.message.Commit;
        h.submit(0, FAULTY_CLIENT, put(FAULTY_CLIENT, 1, "k", "spoiled for replica 3"));
        h.deliverAll(); // prepared at replicas 1 and 2, committed nowhere
        h.crashed.add(0);
        h.drop = e -> false;
        h.broadcast(4, put(4, 1, "j", "a correct client's"));
        h.tick(1_000);
        for (int r = 1; r <= 3; r++) {
            ReplicaCore core = h.cores.get(r);
            assertEquals(1, core.view(), "replica " + r);
            assertEquals(2, core.lastExecuted(), "replica " + r);
            assertEquals(0, core.stats().rejected("new-view:bad-batch-in-O"));
        }
        assertEquals(3, h.replies(4, 1).size());
    }

    @Test
    void aClientRepeatingOneRequestToABackupGetsOneRelayNotOnePerCopy() {
        CoreHarness h = new CoreHarness(4, 1);
        Request r = put(FAULTY_CLIENT, 1, "k", "v");
        for (int i = 0; i < 1_000; i++) {
            h.submit(2, FAULTY_CLIENT, r);
        }
        long relays = h.queue.stream().filter(e -> e.from() == 2 && e.to() == 0 && e.message() instanceof Request).count();
        assertEquals(1, relays, "the primary's link is not flooded with copies");
        h.deliverAll();
        assertEquals(1, h.cores.get(0).lastExecuted(), "the one relay gets it ordered");
    }
}
