package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.NewView;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.ViewChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** View changes (OSDI'99 section 4.4, TOCS'02 section 4.5) driven through whole groups of cores. */
class ViewChangeTest {

    private static void assertAllExecuted(CoreHarness h, long seq, int... replicas) {
        for (int r : replicas) {
            assertEquals(seq, h.cores.get(r).lastExecuted(), "replica " + r);
        }
    }

    @Test
    void section4_4_aSilentPrimaryIsReplacedAndTheRequestCompletes() {
        CoreHarness h = new CoreHarness(4, 1);
        h.crashed.add(0);
        h.broadcast(4, put(4, 1, "k", "v")); // the client timed out on the primary and sent to all
        h.tick(1_000);
        for (int r = 1; r <= 3; r++) {
            assertEquals(1, h.cores.get(r).view(), "replica " + r);
            assertTrue(h.cores.get(r).viewActive());
        }
        assertAllExecuted(h, 1, 1, 2, 3);
        assertEquals(3, h.replies(4, 1).size());
        assertEquals(1, h.replies(4, 1).get(0).view(), "replies name the new view, so the client follows it");
    }

    @Test
    void section4_5_aRequestPreparedInTheOldViewKeepsItsSequenceNumber() {
        CoreHarness h = preparedButNotCommittedThenPrimaryDies();
        h.broadcast(4, put(4, 2, "k", "v2"));
        h.tick(1_000);
        assertAllExecuted(h, 2, 1, 2, 3);
        assertEquals(h.cores.get(1).stateDigest(), h.cores.get(3).stateDigest());
        assertEquals(1, h.cores.get(1).view());
        assertEquals(3, h.replies(4, 1).size(), "put(k, v1), prepared in view 0, ran in view 1");
    }

    @Test
    void aNewViewCarriesDigestsOnlyAndABackupLackingABatchFetchesItAndExecutes() {
        // Replica 3 never got seq 1's PRE-PREPARE; replicas 0-2 prepared it, nobody committed it.
        CoreHarness h = new CoreHarness(4, 1);
        h.drop = e -> e.message() instanceof Commit || (e.message() instanceof PrePrepare && e.to() == 3);
        h.submit(0, 4, put(4, 1, "k", "v1"));
        h.deliverAll();
        h.crashed.add(0);
        List<NewView> sent = new ArrayList<>();
        h.drop = e -> {
            if (e.message() instanceof NewView nv) {
                sent.add(nv);
            }
            return false;
        };
        h.broadcast(4, put(4, 2, "k", "v2"));
        h.tick(1_000);
        assertTrue(!sent.isEmpty());
        for (NewView nv : sent) {
            assertTrue(nv.prePrepares().stream().allMatch(pp -> pp.batch().isEmpty()), "digests only: " + nv);
        }
        assertTrue(sent.get(0).prePrepares().stream().anyMatch(pp -> pp.seq() == 1
                && !pp.digest().equals(BatchDigest.of(List.of()))), "seq 1 keeps its batch's digest");
        assertAllExecuted(h, 2, 1, 2, 3);
        assertEquals(h.cores.get(1).stateDigest(), h.cores.get(3).stateDigest());
        assertEquals(3, h.replies(4, 1).size(), "replica 3 fetched seq 1's batch and ran it too");
    }

    /** Seq 1 prepares everywhere but its COMMITs are lost; then the primary dies. */
    private static CoreHarness preparedButNotCommittedThenPrimaryDies() {
        CoreHarness h = new CoreHarness(4, 1);
        h.drop = e -> e.message() instanceof Commit;
        h.submit(0, 4, put(4, 1, "k", "v1"));
        h.deliverAll();
        h.crashed.add(0);
        h.drop = e -> false;
        return h;
    }

    @Test
    void section4_5_aNewViewWithAWrongOIsRefusedAndTheNextPrimaryTakesOver() {
        CoreHarness h = preparedButNotCommittedThenPrimaryDies();
        // Replica 1, primary of view 1, replaces the prepared batch of seq 1 with a null request.
        h.alter = e -> e.from() == 1 && e.message() instanceof NewView nv ? new CoreHarness.Envelope(e.from(), e.to(),
                withNullFirst(nv)) : e;
        h.broadcast(4, put(4, 2, "k", "v2"));
        h.tick(3_000);
        assertTrue(h.cores.get(2).stats().rejected("new-view:wrong-O") > 0);
        assertEquals(2, h.cores.get(2).view(), "view 1 never installed; view 2's primary is replica 2");
        assertAllExecuted(h, 2, 2, 3);
    }

    private static NewView withNullFirst(NewView nv) {
        List<PrePrepare> o = new ArrayList<>(nv.prePrepares());
        if (!o.isEmpty()) {
            PrePrepare first = o.get(0);
            o.set(0, new PrePrepare(first.view(), first.seq(), BatchDigest.of(List.of()), List.of()));
        }
        return new NewView(nv.view(), nv.viewChanges(), nv.stableSeq(), nv.stableDigest(), o, nv.replica());
    }

    @Test
    void section4_5_aViewChangeWithABrokenSignatureIsRefused() {
        CoreHarness h = new CoreHarness(4, 1);
        h.crashed.add(0);
        h.alter = e -> e.from() == 3 && e.message() instanceof ViewChange vc
                ? new CoreHarness.Envelope(3, e.to(), vc.withSignature(Bytes.wrap(new byte[32]))) : e;
        h.broadcast(4, put(4, 1, "k", "v"));
        h.tick(600);
        assertTrue(h.cores.get(1).stats().rejected("view-change:bad-signature") > 0);
        assertTrue(!h.cores.get(1).viewActive() || h.cores.get(1).view() == 0,
                "with only 2 valid VIEW-CHANGEs of 3 needed, no view can be installed");
    }

    @Test
    void section4_4_aPrimaryGivingOneRequestTwoSequenceNumbersIsReplaced() {
        CoreHarness h = new CoreHarness(4, 1);
        Request r = put(4, 1, "k", "v");
        Request other = put(5, 1, "j", "w");
        Bytes d1 = BatchDigest.of(List.of(r));
        Bytes d2 = BatchDigest.of(List.of(other, r));
        h.crashed.add(0); // replica 0 acts through the test below instead
        for (int b = 1; b <= 3; b++) {
            h.cores.get(b).step(0, new PrePrepare(0, 1, d1, List.of(r)));
            h.cores.get(b).step(0, new PrePrepare(0, 2, d2, List.of(other, r)));
        }
        h.deliverAll();
        assertEquals(3, sum(h, "pre-prepare:request-ordered-twice"));
        h.broadcast(5, other);
        h.tick(1_000);
        assertEquals(1, h.cores.get(2).view());
        assertAllExecuted(h, 2, 1, 2, 3);
        assertEquals(2, h.cores.get(1).stats().requestsExecuted(), "each of the two requests ran once");
    }

    private static long sum(CoreHarness h, String reason) {
        return h.cores.stream().mapToLong(c -> c.stats().rejected(reason)).sum();
    }

    @Test
    void section4_5_fPlusOneViewChangesMakeAReplicaJoin() {
        CoreHarness h = new CoreHarness(4, 1);
        // Replica 3 never hears the client, so its own timer never runs; it joins on f+1 = 2 others.
        h.crashed.add(0);
        for (int r = 1; r <= 2; r++) {
            h.submit(r, 4, put(4, 1, "k", "v"));
        }
        h.tick(1_000);
        assertEquals(1, h.cores.get(3).view());
        assertTrue(h.cores.get(3).viewActive());
        assertAllExecuted(h, 1, 1, 2, 3);
    }

    @Test
    void section5_2_aLostCommitHealsWithoutAViewChange() {
        // One backup crashed and one COMMIT (2 to 1, seq 1) lost: before status messages this
        // stopped the group at the window edge for ever.
        CoreHarness h = new CoreHarness(4, 1);
        h.crashed.add(3);
        boolean[] dropped = {false};
        h.drop = e -> {
            if (!dropped[0] && e.from() == 2 && e.to() == 1 && e.message() instanceof Commit c && c.seq() == 1) {
                dropped[0] = true;
                return true;
            }
            return false;
        };
        for (int t = 1; t <= 40; t++) {
            h.submit(0, 4, put(4, t, "k" + t, "v"));
            h.deliverAll();
            // A client keeps fewer than W requests outstanding: it waits for f+1 replies.
            for (int waited = 0; waited < 200 && h.replies(4, t).size() < 2; waited++) {
                h.tick(1);
            }
        }
        h.tick(200);
        assertTrue(dropped[0]);
        assertAllExecuted(h, 40, 0, 1, 2);
        for (ReplicaCore core : h.cores) {
            assertEquals(0, core.view(), "no view change was needed");
        }
    }

    @Test
    void section5_2_aBackupThatMissedThePrePrepareFetchesTheBatchFromCommits() {
        CoreHarness h = new CoreHarness(4, 1);
        h.drop = e -> e.to() == 3 && e.message() instanceof PrePrepare;
        h.submit(0, 4, put(4, 1, "k", "v"));
        h.deliverAll();
        assertEquals(1, h.cores.get(3).lastExecuted(), "2f+1 COMMITs prove the digest; the batch came by BatchFetch");
        assertEquals(h.cores.get(0).stateDigest(), h.cores.get(3).stateDigest());
    }

    @Test
    void anUnreachablePrimaryIsReplacedAfterTheShortGraceNotTheWholeTimeout() {
        CoreHarness h = new CoreHarness(4, 1); // request timeout 200 ticks, status period 20
        h.crashed.add(0);
        for (int r = 1; r <= 3; r++) {
            h.cores.get(r).reachable(0, false);
        }
        h.broadcast(4, put(4, 1, "k", "v"));
        h.tick(60);
        assertAllExecuted(h, 1, 1, 2, 3);
        assertEquals(1, h.cores.get(1).view());
    }

    @Test
    void aReachablePrimaryKeepsItsPaceTimeout() {
        CoreHarness h = new CoreHarness(4, 1);
        h.crashed.add(0);
        for (int r = 1; r <= 3; r++) {
            h.cores.get(r).reachable(0, false);
            h.cores.get(r).reachable(0, true); // the link came back: the hint is withdrawn
        }
        h.broadcast(4, put(4, 1, "k", "v"));
        h.tick(50); // under the pace limit: three status periods (60 ticks), more than 200 / 8
        assertEquals(0, h.cores.get(1).view());
        h.tick(20);
        assertEquals(1, h.cores.get(1).view(), "an endorsed request no PRE-PREPARE carried: the primary is too slow");
        assertEquals(1L, h.cores.get(1).stats().timeouts().get("pace"));
    }

    @Test
    void aPrimaryWhosePrePreparesNeverArriveIsReplacedOnItsPaceLongBeforeTheRequestTimeout() {
        CoreHarness h = new CoreHarness(4, 1);
        // Replica 0's PRE-PREPAREs never arrive; within 80 ticks (request timeout 200) only the pace
        // timer can replace it. A primary that sends them just under the request timeout is the
        // simulator's SLOW_PRIMARY (AttackThroughputTest).
        h.drop = e -> e.message() instanceof dev.pbft.protocol.message.PrePrepare && e.from() == 0;
        h.broadcast(4, put(4, 1, "k", "v"));
        h.tick(80);
        for (int r = 1; r <= 3; r++) {
            assertEquals(1, h.cores.get(r).view(), "replica " + r);
        }
        h.drop = e -> false;
        h.tick(100);
        assertAllExecuted(h, 1, 1, 2, 3);
    }
}
