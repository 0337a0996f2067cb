package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Checkpoints, the stable checkpoint and the window (OSDI'99 section 4.3). */
class CheckpointTest {

    @Test
    void section4_3_twoFPlusOneMatchingCheckpointsMakeItStableAndMoveTheWindow() {
        CoreHarness h = new CoreHarness(4, 1, 2, 16, 8, RequestVerifier.ACCEPT_ALL);
        for (int t = 1; t <= 100; t++) {
            h.submit(0, 4, put(4, t, "k" + t, "v"));
            h.deliverAll();
        }
        for (ReplicaCore core : h.cores) {
            assertEquals(100, core.lastExecuted(), "the window of 16 was passed many times");
            assertEquals(96, core.lowWaterMark());
        }
        assertEquals(h.cores.get(0).stateDigest(), h.cores.get(3).stateDigest());
    }

    @Test
    void section4_3_withoutStableCheckpointsThePrimaryStopsAtTheWindowEdge() {
        CoreHarness h = new CoreHarness(4, 1, 2, 16, 8, RequestVerifier.ACCEPT_ALL);
        // Checkpoint messages are lost: nothing becomes stable, the window cannot move.
        h.drop = e -> e.message() instanceof dev.pbft.protocol.message.Checkpoint;
        for (int t = 1; t <= 40; t++) {
            h.submit(0, 4, put(4, t, "k" + t, "v"));
            h.deliverAll();
        }
        assertEquals(16, h.cores.get(1).lastExecuted());
        assertEquals(0, h.cores.get(1).lowWaterMark());
        assertTrue(h.cores.get(0).pendingRequests() > 0);
    }

    @Test
    void section4_3_oneCrashedBackupDoesNotStopTheGroup() {
        CoreHarness h = new CoreHarness(4, 1, 2, 16, 8, RequestVerifier.ACCEPT_ALL);
        h.crashed.add(3);
        for (int t = 1; t <= 50; t++) {
            h.submit(0, 4, put(4, t, "k" + t, "v"));
            h.deliverAll();
        }
        assertEquals(50, h.cores.get(1).lastExecuted());
        assertEquals(48, h.cores.get(2).lowWaterMark());
    }
}
