package dev.pbft.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import org.junit.jupiter.api.Test;

/** Read-only operations ({@code request.read-only = 1}): 2f+1 matching replies, else ordered. */
class ClientCoreReadOnlyTest {

    @Test
    void aReadGoesToEveryReplicaAndNeedsTwoFPlusOneMatchingReplies() {
        CoreHarness h = CoreHarness.withReadOnly(1);
        long t = h.core.submitReadOnly(Bytes.utf8("get"), h);
        assertTrue(h.lastSent().request().readOnly());
        assertTrue(h.lastSent().toAll(h.n));
        h.readReply(0, t, "v");
        h.readReply(1, t, "v");
        assertTrue(h.completed.isEmpty(), "f+1 is not enough for a read");
        h.readReply(2, t, "v");
        assertEquals(Bytes.utf8("v"), h.completed.get(t));
    }

    @Test
    void anOrderedRequestStillNeedsOnlyFPlusOne() {
        CoreHarness h = CoreHarness.withReadOnly(1);
        long t = h.submit("put");
        h.reply(0, t, "ok");
        h.reply(1, t, "ok");
        assertEquals(Bytes.utf8("ok"), h.completed.get(t));
    }

    @Test
    void aReadWhoseRepliesDisagreeIsOrderedUnderItsTimestamp() {
        CoreHarness h = CoreHarness.withReadOnly(1);
        long t = h.core.submitReadOnly(Bytes.utf8("get"), h);
        h.readReply(0, t, "old");
        h.readReply(1, t, "new");
        assertTrue(h.lastSent().request().readOnly(), "2f+1 alike is still possible");
        h.readReply(2, t, "other");
        assertFalse(h.lastSent().request().readOnly(), "no three of four can agree now");
        assertEquals(t, h.lastSent().request().timestamp());
        assertEquals(Bytes.utf8("get"), h.lastSent().request().operation());
        h.readReply(3, t, "old");
        h.readReply(0, t, "old"); // late answers to the read count no more
        assertTrue(h.completed.isEmpty());
        h.reply(1, t, "new");
        h.reply(3, t, "new");
        assertEquals(Bytes.utf8("new"), h.completed.get(t), "ordered: f+1 as any ordered request");
    }

    @Test
    void aReadWithoutAnswersIsOrderedAfterTheRetransmissionPeriod() {
        CoreHarness h = CoreHarness.withReadOnly(1);
        long t = h.core.submitReadOnly(Bytes.utf8("get"), h);
        h.tick(49);
        assertTrue(h.lastSent().request().readOnly());
        h.tick(1);
        assertFalse(h.lastSent().request().readOnly());
        assertEquals(t, h.lastSent().request().timestamp());
    }

    @Test
    void anOrderedReplyDoesNotCountForARead() {
        CoreHarness h = CoreHarness.withReadOnly(1);
        long t = h.core.submitReadOnly(Bytes.utf8("get"), h);
        h.reply(0, t, "v"); // a faulty replica's, or one meant for another request
        h.readReply(1, t, "v");
        h.readReply(2, t, "v");
        assertTrue(h.completed.isEmpty());
        h.readReply(3, t, "v");
        assertEquals(Bytes.utf8("v"), h.completed.get(t));
    }

    @Test
    void withoutTheReadOnlyPathAReadIsOrderedAtOnce() {
        CoreHarness h = CoreHarness.of(1);
        long t = h.core.submitReadOnly(Bytes.utf8("get"), h);
        assertFalse(h.lastSent().request().readOnly());
        h.reply(0, t, "v");
        h.reply(1, t, "v");
        assertEquals(Bytes.utf8("v"), h.completed.get(t), "f+1 as ever");
    }
}
