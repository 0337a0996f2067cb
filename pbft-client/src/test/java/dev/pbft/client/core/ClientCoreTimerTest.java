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
    void aFreshRequestGoesToThePrimaryOnly() {
        CoreHarness h = CoreHarness.of(1);
        h.submit("op");
        assertEquals(1, h.sent.size());
        assertEquals(List.of(0), List.of(h.sent.get(0).replicas()[0]));
        assertEquals(1, h.sent.get(0).replicas().length);
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
        assertEquals("3 requests outstanding, the most allowed", e.getMessage());
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
        h.submit("b");
        assertEquals(5 % h.n, h.lastSent().replicas()[0]);
        assertEquals(1, h.lastSent().replicas().length);
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
}
