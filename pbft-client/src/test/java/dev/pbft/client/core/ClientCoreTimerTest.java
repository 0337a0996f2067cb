package dev.pbft.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paper section 4.1: retransmission to all replicas, the client timeout, and the primary guess. */
class ClientCoreTimerTest {

    @Test
    void aFreshRequestGoesToEveryReplicaSoEachCanEndorseIt() {
        CoreHarness h = CoreHarness.of(1);
        h.submit("op");
        assertEquals(1, h.sent.size());
        assertEquals(h.n, h.sent.get(0).replicas().length);
    }

    @Test
    void retransmissionGoesToAllReplicasAndBacksOffUpToTheCap() {
        // retransmit after 3 ticks, intervals 3, 6, 8 (cap), 8, ...; timeout at 40
        CoreHarness h = new CoreHarness(1, 3, 8, 40, 4);
        long t = h.submit("op");
        h.tick(2);
        assertTrue(h.retransmitTicks(t).isEmpty(), "nothing before the retransmit interval");
        h.tick(1);
        assertEquals(List.of(3L), h.retransmitTicks(t));
        h.tick(39 - 3);
        assertEquals(List.of(3L, 9L, 17L, 25L, 33L), h.retransmitTicks(t));
        assertEquals(h.n, h.lastSent().replicas().length);
        assertEquals(t, h.lastSent().request().timestamp());
        assertTrue(h.failed.isEmpty());
    }

    @Test
    void anUnreachablePrimaryMakesOutstandingRequestsGoToAllAtOnceAndOnlyOnce() {
        CoreHarness h = new CoreHarness(1, 50, 100, 400, 4);
        long t = h.submit("op");
        h.reply(1, 1, h.submit("done"), "ok");
        h.reply(2, 1, h.sent.get(1).request().timestamp(), "ok"); // view 1: t went to its primary alone
        h.core.primaryUnreachable();
        h.core.primaryUnreachable();
        assertEquals(4, h.sent.size(), "one multicast, not one per call");
        assertEquals(h.n, h.lastSent().replicas().length);
        assertEquals(t, h.lastSent().request().timestamp());
    }

    @Test
    void aRetransmissionIsTheSameRequest() {
        CoreHarness h = new CoreHarness(1, 2, 2, 10, 4);
        h.submit("op");
        h.tick(2);
        assertEquals(h.sent.get(0).request(), h.lastSent().request());
    }

    @Test
    void aCompletedRequestIsNeitherRetransmittedNorTimedOut() {
        CoreHarness h = new CoreHarness(1, 3, 8, 10, 4);
        long t = h.submit("op");
        h.reply(0, t, "ok");
        h.reply(1, t, "ok");
        h.tick(20);
        assertEquals(1, h.sent.size());
        assertTrue(h.failed.isEmpty());
    }

    @Test
    void theTimeoutFailsWithWhatItSaw() {
        CoreHarness h = CoreHarness.of(1); // 500 ticks of 10 ms
        long silent = h.submit("a");
        long one = h.submit("b");
        long split = h.submit("c");
        h.reply(2, one, "x");
        h.reply(0, split, "x");
        h.reply(1, split, "y");
        h.tick(499);
        assertTrue(h.failed.isEmpty(), "not before the timeout");
        h.tick(1);
        assertEquals("timed out after 5000 ms: 0 replies, no f+1 match", h.failed.get(silent));
        assertEquals("timed out after 5000 ms: 1 reply, no f+1 match", h.failed.get(one));
        assertEquals("timed out after 5000 ms: 2 replies, no f+1 match", h.failed.get(split));
        assertEquals(0, h.core.outstanding());
    }

    @Test
    void theTimeoutSaysHowManyMatchedWhenSomeDid() {
        CoreHarness h = new CoreHarness(2, 50, 400, 30, 4); // n = 7, f+1 = 3
        long t = h.submit("op");
        h.reply(0, t, "x");
        h.reply(4, t, "x");
        h.reply(5, t, "y");
        h.tick(30);
        assertEquals("timed out after 300 ms: 3 replies, at most 2 matching, f+1 = 3 needed", h.failed.get(t));
    }

    @Test
    void atMostOutstandingMaxRequestsAreTracked() {
        CoreHarness h = new CoreHarness(1, 5, 5, 10, 3);
        long first = h.submit("1");
        h.submit("2");
        h.submit("3");
        var e = assertThrows(IllegalStateException.class, () -> h.submit("4"));
        assertEquals("request 1000 is still outstanding and timestamp 1003 would be 3 past it; outstandingMax = 3"
                + " allows less (replicas would then treat 1000 as too old to execute)", e.getMessage());
        assertEquals(3, h.core.outstanding());
        h.reply(0, first, "ok");
        h.reply(3, first, "ok");
        long fourth = h.submit("4");
        assertEquals(first + 3, fourth, "a refused submit uses no timestamp");
        h.tick(10);
        assertEquals(3, h.failed.size());
        h.submit("5");
        assertEquals(1, h.core.outstanding());
    }

    @Test
    void failAllFailsEveryOutstandingRequest() {
        CoreHarness h = CoreHarness.of(1);
        long a = h.submit("a");
        long b = h.submit("b");
        h.core.failAll("client closed");
        assertEquals("client closed", h.failed.get(a));
        assertEquals("client closed", h.failed.get(b));
        assertEquals(0, h.core.outstanding());
    }

    @Test
    void thePrimaryGuessFollowsTheViewOfAcceptedReplies() {
        CoreHarness h = CoreHarness.of(1);
        long t = h.submit("a");
        h.reply(1, 5, t, "ok");
        assertEquals(0, h.core.view(), "a lone reply is not accepted");
        h.reply(2, 5, t, "ok");
        assertEquals(5, h.core.view());
        assertEquals(5 % h.n, h.core.primary());
    }

    @Test
    void oneFaultyReplicaCannotDragThePrimaryGuessAway() {
        CoreHarness h = CoreHarness.of(1);
        long t = h.submit("a");
        h.reply(3, 1_000_000_001, t, "ok"); // faulty: right result, absurd view
        h.reply(1, 2, t, "ok");
        assertEquals(2, h.core.view(), "the view f+1 matching replies reach");
        long u = h.submit("b");
        h.reply(0, 1, u, "ok");
        h.reply(1, 1, u, "ok");
        assertEquals(2, h.core.view(), "a stale view never moves the guess back");
        assertEquals(Bytes.utf8("ok"), h.completed.get(u));
    }

    @Test
    void learningANewViewResendsOutstandingRequestsToItsPrimaryAndRestartsTheirBackoff() {
        // retransmit after 5 ticks, intervals 5, 10, 20 (cap): multicasts at 5, 15, 35, 55, ...
        CoreHarness h = new CoreHarness(1, 5, 20, 200, 8);
        long a = h.submit("a");
        long b = h.submit("b");
        h.tick(40);
        assertEquals(List.of(5L, 15L, 35L), h.retransmitTicks(b));
        h.reply(1, 1, a, "ok"); // the group replaced the silent primary 0 and executed a in view 1
        h.reply(2, 1, a, "ok");
        assertEquals(1, h.core.primary());
        assertEquals(b, h.lastSent().request().timestamp(), "b goes to the new primary without waiting for its backoff");
        assertEquals(List.of(1), List.of(h.lastSent().replicas()[0]));
        assertEquals(1, h.lastSent().replicas().length);
        assertEquals(40, h.lastSent().tick());
        h.tick(5);
        assertEquals(List.of(5L, 15L, 35L, 45L), h.retransmitTicks(b), "then retransmitTicks later, not at 55");
    }

    @Test
    void aRequestOutlivesAViewChangeThatEndsJustBeforeItsTimeout() {
        CoreHarness h = new CoreHarness(1, 5, 20, 100, 8);
        long t = h.submit("op");
        h.reply(3, 0, t, "ok"); // one backup executed it before the primary died: not enough
        h.tick(99);
        assertTrue(h.failed.isEmpty(), "no error before the client's own timeout");
        List<Long> retransmits = h.retransmitTicks(t);
        assertTrue(retransmits.get(retransmits.size() - 1) >= 99 - 20, "still retransmitting: " + retransmits);
        h.reply(1, 1, t, "ok"); // a replica of the new view reports the same result
        assertEquals(Bytes.utf8("ok"), h.completed.get(t), "f+1 matching results complete even across views");
        h.tick(10);
        assertTrue(h.failed.isEmpty());
    }
}
