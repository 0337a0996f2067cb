package dev.pbft.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Paper section 4.1 with a bounded reply cache: the outstanding timestamps of one client span
 * fewer than W = outstandingMax values, because replicas keep only the results of the W
 * timestamps up to a client's highest executed one and treat anything older as done
 * (pbft-replica's ClientTable: t is "too old" once t <= maxExecuted - W).
 */
class ClientCoreWindowTest {
    static final int W = 4;

    /** Ticks, retransmission and timeout far apart so that only replies drive these tests. */
    private static CoreHarness harness() {
        return new CoreHarness(1, 50, 400, 500, W);
    }

    /** Submits through the public contract: as many as the core accepts, stopping at its refusal. */
    private static List<Long> submitWhileAccepted(CoreHarness h) {
        List<Long> sent = new ArrayList<>();
        while (h.core.outstanding() < W) {
            try {
                sent.add(h.submit("op"));
            } catch (IllegalStateException refused) {
                break;
            }
        }
        return sent;
    }

    private static void complete(CoreHarness h, long timestamp) {
        h.reply(1, timestamp, "ok-" + timestamp);
        h.reply(2, timestamp, "ok-" + timestamp);
    }

    @Test
    void aLostOldestRequestIsNeverOvertakenByOneWOrMoreNewer() {
        CoreHarness h = harness();
        long lost = h.submit("lost on its way to the primary");
        List<Long> newer = new ArrayList<>();
        for (int round = 0; round < 10; round++) { // newer requests keep completing, the lost one never
            List<Long> sent = submitWhileAccepted(h);
            newer.addAll(sent);
            sent.forEach(t -> complete(h, t));
        }
        long maxExecuted = newer.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(maxExecuted < lost + W, "timestamp " + maxExecuted + " was issued while " + lost
                + " was outstanding: replicas executing it treat " + lost + " as too old (<= maxExecuted - W)");
        assertEquals(W - 1, newer.size(), "the W-1 timestamps after the lost one, then nothing");
        assertFalse(h.core.canSubmit());

        complete(h, lost); // its retransmission gets through at last, and it is still executable
        assertEquals(Bytes.utf8("ok-" + lost), h.completed.get(lost));
        assertTrue(h.core.canSubmit());
        assertEquals(lost + W, h.submit("next"));
    }

    @Test
    void canSubmitFollowsTheSpanFromTheOldestOutstandingTimestampNotTheCount() {
        CoreHarness h = harness();
        assertTrue(h.core.canSubmit(), "nothing outstanding");
        long t0 = h.submit("0");
        h.submit("1");
        h.submit("2");
        long t3 = h.submit("3");
        assertFalse(h.core.canSubmit());
        complete(h, t3);
        assertEquals(3, h.core.outstanding());
        assertFalse(h.core.canSubmit(), "one slot is free by count, but t0 + W would make t0 too old");
        var e = assertThrows(IllegalStateException.class, () -> h.submit("4"));
        assertTrue(e.getMessage().startsWith("request " + t0 + " is still outstanding"), e.getMessage());
        assertEquals(t0 + W, h.core.nextTimestamp(), "a refused submit uses no timestamp");

        complete(h, t0);
        assertTrue(h.core.canSubmit(), "the oldest is now t0 + 1");
        assertEquals(t0 + W, h.submit("4"));
        assertFalse(h.core.canSubmit());
    }

    @Test
    void aTimedOutOldestRequestNoLongerHoldsTheWindow() {
        CoreHarness h = harness();
        long lost = h.submit("lost");
        for (long t : submitWhileAccepted(h)) {
            complete(h, t);
        }
        assertFalse(h.core.canSubmit());
        h.tick(500);
        assertTrue(h.failed.containsKey(lost), "it failed with the client's timeout");
        assertTrue(h.core.canSubmit());
        assertEquals(lost + W, h.submit("next"));
    }

    @Test
    void withAWindowOfOneRequestsGoOneAtATime() {
        CoreHarness h = new CoreHarness(1, 50, 400, 500, 1);
        long t = h.submit("a");
        assertFalse(h.core.canSubmit());
        assertThrows(IllegalStateException.class, () -> h.submit("b"));
        complete(h, t);
        assertTrue(h.core.canSubmit());
        assertEquals(t + 1, h.submit("b"));
    }
}
