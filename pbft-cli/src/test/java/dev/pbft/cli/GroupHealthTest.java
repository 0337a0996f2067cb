package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pbft.client.ReplicaStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupHealthTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private static ReplicaStatus status(int replica, long view, boolean active, long checkpoint, String digest) {
        return new ReplicaStatus(replica, view, active, (int) (view % 4), 100, checkpoint, digest, 3);
    }

    @Test
    void fourThatAgreeAreHealthy() {
        var h = GroupHealth.of(4, Map.of(0, status(0, 2, true, 64, A), 1, status(1, 2, true, 64, A),
                2, status(2, 2, true, 64, A), 3, status(3, 2, true, 64, A)));
        assertEquals(List.of(0, 1, 2, 3), h.healthy());
        assertEquals("4 of 4 replicas healthy (2f+1 = 3 needed); disagreeing with the majority: none", h.summary(1));
    }

    @Test
    void anotherViewAWaitForANewViewAndAnotherDigestAreNamed() {
        var h = GroupHealth.of(7, Map.of(0, status(0, 2, true, 64, A), 1, status(1, 3, true, 64, A),
                2, status(2, 2, false, 64, A), 3, status(3, 2, true, 64, B), 4, status(4, 2, true, 64, A),
                5, status(5, 2, true, 128, B)));
        assertEquals(List.of(0, 4, 5), h.healthy(), "replica 5 is alone at its checkpoint: nothing to compare");
        assertEquals(Optional.of("in view 3, most replicas in view 2"), h.problem(1));
        assertEquals(Optional.of("waiting for the new view 2"), h.problem(2));
        assertEquals(Optional.of("its state digest at checkpoint 64 differs from that of most replicas there"),
                h.problem(3));
        assertEquals("3 of 7 replicas healthy (2f+1 = 5 needed); no answer from replica 6; disagreeing with the"
                + " majority: replica 1, replica 2, replica 3", h.summary(2));
    }

    @Test
    void twoDigestsAsCommonAsEachOtherAreBothSuspect() {
        var h = GroupHealth.of(4, Map.of(0, status(0, 0, true, 8, A), 1, status(1, 0, true, 8, B)));
        assertEquals(List.of(), h.healthy());
        assertEquals(List.of(2, 3), h.silent());
        assertEquals(Optional.of("its state digest at checkpoint 8 differs from that of as many replicas there"),
                h.problem(0));
    }
}
