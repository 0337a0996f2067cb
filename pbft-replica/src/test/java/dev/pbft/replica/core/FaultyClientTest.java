package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Endorsement;
import dev.pbft.protocol.message.Request;
import java.util.List;
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
        assertEquals(0, shutOut.stats().rejected("pre-prepare:" + BatchRules.UNCHECKED),
                "it cannot check the MAC itself, but f+1 replicas endorse the request");
        assertEquals(2, shutOut.lastExecuted());
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

    /** Only the replicas in {@code good} find the faulty client's MAC for them valid. */
    private static CoreHarness validOnlyAt(java.util.Set<Integer> good) {
        return CoreHarness.withVerifiers(4, 1, replica -> r -> r.client() != FAULTY_CLIENT || good.contains(replica));
    }

    @Test
    void aBigMacClientGetsNothingOrderedAndCannotDeposeACorrectPrimary() {
        // Valid for the primary only: the backups would refuse any batch holding it, so the primary
        // must not order it, and no correct replica may blame the primary for that.
        CoreHarness h = validOnlyAt(java.util.Set.of(0));
        for (int t = 1; t <= 8; t++) {
            h.submit(0, FAULTY_CLIENT, put(FAULTY_CLIENT, t, "k", "big MAC " + t));
            h.submit(0, 4, put(4, t, "j" + t, "a correct client's"));
            h.deliverAll();
        }
        h.tick(2_000); // five request timeouts
        for (ReplicaCore core : h.cores) {
            assertEquals(0, core.view(), "no view change");
            assertEquals(0, core.stats().viewChangesStarted());
            assertEquals(0, core.stats().rejected("pre-prepare:" + BatchRules.UNCHECKED), "never proposed");
        }
        assertEquals(0, h.replies(FAULTY_CLIENT, 1).size());
        for (int t = 1; t <= 8; t++) {
            assertEquals(4, h.replies(4, t).size(), "the correct client is served, request " + t);
        }
    }

    @Test
    void aRequestEveryReplicaButThePrimaryCanCheckIsStillOrdered() {
        CoreHarness h = validOnlyAt(java.util.Set.of(1, 2, 3));
        h.submit(1, FAULTY_CLIENT, put(FAULTY_CLIENT, 1, "k", "spoiled for the primary"));
        h.deliverAll();
        h.tick(100);
        for (ReplicaCore core : h.cores) {
            assertEquals(0, core.view());
            assertEquals(1, core.lastExecuted(), "2f+1 backups endorsed it: the primary orders it on their word");
        }
    }

    @Test
    void aBackupThatCannotCheckARequestJoinsOnTheOthersPreparesWhenItIsNeededForAQuorum() {
        // Replica 3 is down and replica 2 cannot check the client's MAC: without replica 2 no quorum.
        CoreHarness h = validOnlyAt(java.util.Set.of(0, 1, 3));
        h.crashed.add(3);
        h.submit(0, FAULTY_CLIENT, put(FAULTY_CLIENT, 1, "k", "spoiled for replica 2"));
        h.submit(0, 4, put(4, 1, "j", "a correct client's"));
        h.deliverAll();
        h.tick(300);
        for (int r = 0; r <= 2; r++) {
            assertEquals(0, h.cores.get(r).view(), "replica " + r);
        }
        // Replica 3's endorsement is missing, so the faulty client's request never reached 2f+1;
        // the correct client's did, through replicas 0, 1 and 2.
        assertEquals(3, h.replies(4, 1).size());
    }

    @Test
    void aReplicaEndorsingJunkFillsOnlyItsOwnShare() {
        CoreHarness h = new CoreHarness(4, 1);
        List<Endorsement.Entry> junk = new java.util.ArrayList<>();
        for (long t = 1_000; t < 1_100; t++) {
            junk.add(new Endorsement.Entry(4, t, Bytes.wrap(new byte[32])));
        }
        h.cores.get(0).step(3, new Endorsement(3, junk));
        assertEquals(100 - 8, h.cores.get(0).stats().rejected("endorsement:client-over-window"));
        h.submit(0, 4, put(4, 1, "k", "v"));
        h.deliverAll();
        assertEquals(1, h.cores.get(0).lastExecuted(), "the other replicas' endorsements still count");
    }

    @Test
    void withTrustedClientsThePrimaryOrdersWhatItCheckedAndEndorsementsCountForNothing() {
        CoreHarness h = CoreHarness.withoutEndorsements(4, 1, replica -> r -> true);
        h.sendOnly(0, 4, put(4, 1, "k", "to the primary alone"));
        h.deliverAll();
        for (ReplicaCore core : h.cores) {
            assertEquals(1, core.lastExecuted());
        }
        h.cores.get(0).step(3, new Endorsement(3, List.of(new Endorsement.Entry(4, 2, Bytes.wrap(new byte[32])))));
        assertEquals(1, h.cores.get(0).stats().rejected("endorsement:not-in-use"));
        assertEquals(0, h.queue.stream().filter(e -> e.message() instanceof Endorsement).count(), "none sent");
    }
}
