package dev.pbft.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Reply;
import org.junit.jupiter.api.Test;

/** Replies that name their result by digest ({@code reply.digests}): one whole reply among f+1 matching. */
class ClientCoreDigestRepliesTest {

    @Test
    void oneWholeReplyAndFDigestsOfItComplete() {
        CoreHarness h = CoreHarness.of(1);
        long t = h.submit("op");
        digestReply(h, 1, t, "ok");
        assertTrue(h.completed.isEmpty(), "one digest is f");
        h.reply(2, t, "ok");
        assertEquals(Bytes.utf8("ok"), h.completed.get(t));
    }

    @Test
    void fPlusOneDigestsWithoutTheWholeResultWaitForIt() {
        CoreHarness h = CoreHarness.of(1);
        long t = h.submit("op");
        digestReply(h, 1, t, "ok");
        digestReply(h, 2, t, "ok");
        digestReply(h, 3, t, "ok");
        assertTrue(h.completed.isEmpty(), "the digests vouch for a result the client does not have");
        h.reply(0, t, "ok"); // the whole reply, e.g. to the retransmission every replica answers whole
        assertEquals(Bytes.utf8("ok"), h.completed.get(t));
    }

    @Test
    void aWholeReplyThatDoesNotMatchTheDigestsIsNotAccepted() {
        CoreHarness h = CoreHarness.of(1);
        long t = h.submit("op");
        h.reply(0, t, "forged"); // the replica picked to answer whole is faulty
        digestReply(h, 1, t, "right");
        digestReply(h, 2, t, "right");
        assertTrue(h.completed.isEmpty());
        h.reply(3, t, "right");
        assertEquals(Bytes.utf8("right"), h.completed.get(t));
    }

    @Test
    void aDigestOfAForgedResultCountsOnlyWithItsOwnKind() {
        CoreHarness h = CoreHarness.of(1);
        long t = h.submit("op");
        digestReply(h, 1, t, "forged");
        h.reply(2, t, "right");
        assertTrue(h.completed.isEmpty());
        digestReply(h, 3, t, "right");
        assertEquals(Bytes.utf8("right"), h.completed.get(t));
    }

    private static void digestReply(CoreHarness h, int replica, long timestamp, String result) {
        Bytes digest = Bytes.wrap(Digests.sha256(Bytes.utf8(result).toArray()));
        h.core.onReply(replica, new Reply(0, timestamp, h.self, replica, digest, true));
    }
}
