package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.StateRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A replica left behind while the group goes on: what used to keep it from catching up. */
class CatchUpTest {
    static final int LATE = 3;
    static final int CLIENT = 4;
    static final int OTHER_CLIENT = 5;

    /** The group executes {@code count} puts while replica 3 hears nothing. */
    private static CoreHarness groupAheadOfReplica3(int count) {
        CoreHarness h = new CoreHarness(4, 1, 2, 16, 8, RequestVerifier.ACCEPT_ALL);
        h.drop = e -> e.to() == LATE || e.from() == LATE;
        for (int t = 1; t <= count; t++) {
            h.submit(0, CLIENT, put(CLIENT, t, "k" + t, "v"));
            h.deliverAll();
        }
        return h;
    }

    @Test
    void aReplicaFetchingStateDoesNotDeposeThePrimaryOverRequestsItCannotExecuteYet() {
        CoreHarness h = groupAheadOfReplica3(40);
        // Replica 3 hears the group again, but no state answer reaches it for a while.
        h.drop = e -> e.to() == LATE && e.message() instanceof StateChunk;
        h.broadcast(OTHER_CLIENT, put(OTHER_CLIENT, 1, "x", "y"));
        h.deliverAll();
        ReplicaCore late = h.cores.get(LATE);

        h.tick(3 * 200); // three request timeouts: its request timer would have run out long ago

        assertEquals(0, late.view(), "replica 3 stays in the group's view");
        assertFalse(late.stats().timeouts().containsKey("request"), "no request timeout while fetching");
        h.drop = e -> false;
        h.tick(200);
        assertEquals(h.cores.get(0).lastExecuted(), late.lastExecuted());
        assertEquals(h.cores.get(0).stateDigest(), late.stateDigest());
    }

    /**
     * A replica behind the group cannot tell which requests it holds were ordered: to it they all
     * look forgotten. Passing each on every status period (seen: a lagging replica sent four times
     * the messages of the others, and each copy cost them a MAC check and a reply) only loads the
     * group it is trying to catch up with.
     */
    @Test
    void aReplicaThatKnowsItIsBehindPassesNoRequestsOnAndStartsNoViewChange() {
        CoreHarness h = groupAheadOfReplica3(40);
        int[] passedOn = {0};
        h.drop = e -> {
            if (e.from() == LATE && e.message() instanceof dev.pbft.protocol.message.Request) {
                passedOn[0]++;
            }
            return e.to() == LATE && e.message() instanceof StateChunk;
        };
        for (int t = 1; t <= 8; t++) {
            h.broadcast(OTHER_CLIENT, put(OTHER_CLIENT, t, "x" + t, "y"));
            h.deliverAll();
        }
        ReplicaCore late = h.cores.get(LATE);

        h.tick(3 * 200);

        assertEquals(0, passedOn[0], "requests passed on by a replica that knows it is behind");
        assertEquals(0, late.view(), "replica 3 stays in the group's view");
        assertFalse(late.stats().timeouts().containsKey("request") || late.stats().timeouts().containsKey("pace"),
                "no view-change timer while behind: " + late.stats().timeouts());
        h.drop = e -> false;
        h.tick(200);
        assertEquals(h.cores.get(0).lastExecuted(), late.lastExecuted());
    }

    @Test
    void theCheckpointBeforeTheStableOneIsStillServedAndNoOlderOne() {
        Map<Long, Bytes> roots = new HashMap<>();
        CoreHarness h = new CoreHarness(4, 1, 2, 16, 8, RequestVerifier.ACCEPT_ALL);
        h.drop = e -> {
            if (e.from() == 0 && e.message() instanceof Checkpoint c) {
                roots.put(c.seq(), c.stateDigest());
            }
            return e.to() == LATE || e.from() == LATE;
        };
        for (int t = 1; t <= 40; t++) {
            h.submit(0, CLIENT, put(CLIENT, t, "k" + t, "v"));
            h.deliverAll();
        }
        ReplicaCore server = h.cores.get(0);
        assertEquals(40, server.lowWaterMark());

        server.step(LATE, new StateRequest(32, roots.get(32L), 1, List.of(0), 0, LATE));
        assertTrue(h.queue.stream().anyMatch(e -> e.to() == LATE && e.message() instanceof StateChunk c && c.seq() == 32),
                "the previous stable checkpoint, 32, is served");

        server.step(LATE, new StateRequest(24, roots.get(24L), 1, List.of(0), 0, LATE));
        assertEquals(1, server.stats().rejected("state-request:not-held"), "24 is no longer kept");
    }

    @Test
    void aReplicaBackWithAnEmptyDiskInALaterViewLearnsTheViewAndExecutesAlongWithTheGroup() {
        CoreHarness h = new CoreHarness(4, 1, 2, 16, 8, RequestVerifier.ACCEPT_ALL);
        h.crashed.add(0);
        h.broadcast(CLIENT, put(CLIENT, 1, "k", "v"));
        h.tick(1_000);
        assertEquals(1, h.cores.get(1).view());
        h.restart(0, true);
        ReplicaCore back = h.cores.get(0);
        for (int t = 2; t <= 200; t++) {
            h.submit(1, CLIENT, put(CLIENT, t, "k" + (t % 7), "v" + t));
            h.deliverAll();
            h.tick(1);
        }
        h.tick(100);
        assertEquals(1, back.view(), "it learned the group's view");
        assertEquals(h.cores.get(1).lastExecuted(), back.lastExecuted());
        assertTrue(back.stats().stateTransfers() <= 2,
                "it executes along with the group rather than fetching every checkpoint: "
                        + back.stats().stateTransfers() + " transfers");
    }
}
