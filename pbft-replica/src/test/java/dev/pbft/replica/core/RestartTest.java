package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replica that crashes and restarts: from its journal and images, or with its disk lost. */
class RestartTest {

    private static void load(CoreHarness h, int from, int to) {
        for (int t = from; t <= to; t++) {
            h.submit(0, 4, put(4, t, "k" + t, "v" + t));
            h.deliverAll();
        }
    }

    @Test
    void aRestartedReplicaComesBackWithItsStateAndCatchesUp() {
        CoreHarness h = new CoreHarness(4, 1);
        load(h, 1, 30);
        long before = h.cores.get(2).lastExecuted();
        Bytes digest = h.cores.get(2).stateDigest();
        h.crashed.add(2);
        h.restart(2, false);
        assertEquals(before, h.cores.get(2).lastExecuted(), "the journal's executions are replayed");
        assertEquals(digest, h.cores.get(2).stateDigest(), "to the same state");
        load(h, 31, 60);
        h.tick(50);
        assertEquals(h.cores.get(0).lastExecuted(), h.cores.get(2).lastExecuted());
        assertEquals(h.cores.get(0).stateDigest(), h.cores.get(2).stateDigest());
    }

    @Test
    void aRestartedBackupDoesNotPrepareAnotherBatchAtASequenceNumberItAcceptedBefore() {
        CoreHarness h = new CoreHarness(4, 1);
        h.drop = e -> e.message() instanceof Prepare || e.message() instanceof Commit;
        h.submit(0, 4, put(4, 1, "a", "1"));
        h.deliverAll();
        h.crashed.add(1);
        h.restart(1, false);
        // A faulty primary now offers replica 1 another batch for the same view and sequence number.
        Request other = put(4, 2, "a", "2");
        PrePrepare conflicting = new PrePrepare(0, 1, BatchDigest.of(List.of(other)), List.of(other));
        h.drop = e -> false;
        h.queue.clear();
        h.cores.get(1).step(0, conflicting);
        h.cores.get(1).flush();
        assertEquals(1, h.cores.get(1).stats().rejected("pre-prepare:conflicting-digest"),
                "the promise from before the crash holds");
        assertTrue(h.queue.stream().noneMatch(e -> e.from() == 1 && e.message() instanceof Prepare),
                "no PREPARE for the other batch");
    }

    @Test
    void aReplicaThatLostItsDiskVotesOnNothingItMayHaveVotedOnBeforeAndStillCatchesUp() {
        CoreHarness h = new CoreHarness(4, 1);
        load(h, 1, 20);
        long executedBeforeLoss = h.cores.get(3).lastExecuted();
        h.crashed.add(3);
        h.restart(3, true);
        assertTrue(h.cores.get(3).fenced());
        List<Long> votedOn = new ArrayList<>();
        h.alter = e -> {
            if (e.from() == 3 && e.message() instanceof Prepare p) {
                votedOn.add(p.seq());
            } else if (e.from() == 3 && e.message() instanceof Commit c) {
                votedOn.add(c.seq());
            }
            return e;
        };
        for (int t = 21; t <= 200; t++) {
            h.submit(0, 4, put(4, t, "k" + (t % 7), "v" + t));
            h.deliverAll();
            h.tick(1);
        }
        h.tick(100);
        long fence = h.cores.get(3).voteFence();
        assertTrue(fence >= executedBeforeLoss + 64, "the fence " + fence + " covers the window it may have voted in");
        assertTrue(votedOn.stream().allMatch(seq -> seq > fence), "votes at or below the fence: " + votedOn);
        assertEquals(h.cores.get(0).lastExecuted(), h.cores.get(3).lastExecuted(), "it catches up all the same");
        assertEquals(h.cores.get(0).stateDigest(), h.cores.get(3).stateDigest());
        assertFalse(votedOn.isEmpty(), "and votes again once the window is past the fence");
        assertFalse(h.cores.get(3).fenced());
    }
}
