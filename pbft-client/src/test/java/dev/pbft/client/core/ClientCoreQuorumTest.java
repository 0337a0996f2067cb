package dev.pbft.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Reply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Paper section 4.1: the client accepts a result on f+1 matching replies from distinct replicas. */
class ClientCoreQuorumTest {

    @ParameterizedTest(name = "f={0}")
    @ValueSource(ints = {1, 2})
    void fPlusOneMatchingRepliesComplete(int f) {
        CoreHarness h = CoreHarness.of(f);
        long t = h.submit("op");
        for (int r = 0; r < f; r++) {
            h.reply(r, t, "ok");
        }
        assertTrue(h.completed.isEmpty(), "f matching replies must not complete");
        h.reply(f, t, "ok");
        assertEquals(Bytes.utf8("ok"), h.completed.get(t));
        assertEquals(0, h.core.outstanding());
    }

    @ParameterizedTest(name = "f={0}")
    @ValueSource(ints = {1, 2})
    void fMatchingRepliesPlusDisagreeingOnesDoNotComplete(int f) {
        CoreHarness h = CoreHarness.of(f);
        long t = h.submit("op");
        for (int r = 0; r < f; r++) {
            h.reply(r, t, "ok");
        }
        for (int r = f; r < h.n; r++) {
            h.reply(r, t, "other-" + r); // all distinct: no result reaches f+1
        }
        assertTrue(h.completed.isEmpty());
        assertEquals(1, h.core.outstanding());
    }

    @Test
    void duplicateRepliesFromOneReplicaCountOnce() {
        CoreHarness h = CoreHarness.of(1);
        long t = h.submit("op");
        for (int i = 0; i < 5; i++) {
            h.reply(2, t, "ok");
        }
        assertTrue(h.completed.isEmpty());
        h.reply(3, t, "ok");
        assertEquals(Bytes.utf8("ok"), h.completed.get(t));
    }

    @Test
    void onlyAReplicasLatestReplyCounts() {
        CoreHarness h = CoreHarness.of(1);
        long t = h.submit("op");
        h.reply(1, t, "x");
        h.reply(1, t, "y");
        h.reply(2, t, "x");
        assertTrue(h.completed.isEmpty(), "replica 1 no longer says x");
        h.reply(3, t, "x");
        assertEquals(Bytes.utf8("x"), h.completed.get(t));
    }

    @ParameterizedTest(name = "f={0}")
    @ValueSource(ints = {1, 2})
    void byzantineRepliesDoNotBlockFPlusOneCorrectOnes(int f) {
        CoreHarness h = CoreHarness.of(f);
        long t = h.submit("op");
        for (int r = 0; r < f; r++) {
            h.reply(r, t, "forged"); // f colluding faulty replicas agree on a wrong result
        }
        for (int r = f; r < 2 * f + 1; r++) {
            h.reply(r, t, "right");
        }
        assertEquals(Bytes.utf8("right"), h.completed.get(t));
    }

    @Test
    void repliesThatAreNotForThisRequestAreIgnored() {
        CoreHarness h = CoreHarness.of(1);
        long t = h.submit("op");
        Bytes ok = Bytes.utf8("ok");
        h.core.onReply(h.self, new Reply(0, t, h.self, h.self, ok));      // from a non-replica
        h.core.onReply(h.n, new Reply(0, t, h.self, h.n, ok));            // from another client
        h.core.onReply(-1, new Reply(0, t, h.self, -1, ok));
        h.core.onReply(0, new Reply(0, t, h.self, 1, ok));                // names another replica
        h.core.onReply(1, new Reply(0, t, h.self + 1, 1, ok));            // for another client
        h.core.onReply(2, new Reply(0, t + 1, h.self, 2, ok));            // unknown timestamp
        h.core.onReply(3, new Reply(0, t - 1, h.self, 3, ok));
        assertTrue(h.completed.isEmpty());
        h.reply(0, t, "ok");
        assertTrue(h.completed.isEmpty(), "only replica 0 counts so far");
        h.reply(1, t, "ok");
        assertEquals(ok, h.completed.get(t));
        h.reply(2, t, "late");                                            // completed: ignored
        assertEquals(1, h.completed.size());
        assertTrue(h.failed.isEmpty());
    }

    @Test
    void requestsAreAuthenticatedReadWriteAndTimestampedUpwards() {
        CoreHarness h = CoreHarness.of(1);
        long t1 = h.submit("a");
        long t2 = h.submit("b");
        assertEquals(1000, t1);
        assertEquals(1001, t2);
        var request = h.lastSent().request();
        assertEquals(h.self, request.client());
        assertEquals(false, request.readOnly());
        assertEquals(CoreHarness.fakeMacs(dev.pbft.protocol.RequestDigest.of(h.self, t2, false, Bytes.utf8("b"))),
                request.clientAuth());
    }

    @Test
    void aListenerMaySubmitFromItsCallback() {
        CoreHarness h = CoreHarness.of(1);
        ResultListener chained = new ResultListener() {
            @Override
            public void completed(long timestamp, Bytes result) {
                h.submit("next");
            }

            @Override
            public void failed(long timestamp, String reason) {
            }
        };
        long t = h.core.submit(Bytes.utf8("first"), chained);
        h.reply(0, t, "ok");
        h.reply(1, t, "ok");
        assertEquals(1, h.core.outstanding());
        assertEquals(Bytes.utf8("next"), h.lastSent().request().operation());
    }
}
