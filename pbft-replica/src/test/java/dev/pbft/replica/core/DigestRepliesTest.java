package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One whole reply, the others the result's digest ({@code reply.digests = 1}). */
class DigestRepliesTest {
    private static final int CLIENT = 4;

    @Test
    void oneBackupAnswersEachRequestWholeInTurnAndThePrimaryNever() {
        for (boolean designated : new boolean[] {false, true}) {
            for (long view = 0; view < 4; view++) {
                int[] whole = new int[4];
                for (long t = 1; t <= 12; t++) {
                    int count = 0;
                    for (int i = 0; i < 4; i++) {
                        CoreSettings s = settings(i, designated);
                        if (s.answers(request(t, false), view) && s.answersWhole(request(t, false), view)) {
                            whole[i]++;
                            count++;
                        }
                    }
                    assertEquals(1, count, "designated=" + designated + " view " + view + " t=" + t);
                }
                int primary = (int) (view % 4);
                for (int i = 0; i < 4; i++) {
                    int expected = i == primary ? 0 : 4;
                    assertEquals(expected, whole[i], "replica " + i + ", designated=" + designated + ", view " + view);
                }
            }
        }
    }

    @Test
    void aRequestAskingForEveryReplyGetsItWholeFromAll() {
        for (int i = 0; i < 4; i++) {
            assertTrue(settings(i, false).answersWhole(request(1, true), 0));
            assertTrue(settings(i, true).answersWhole(request(1, true), 0));
        }
    }

    @Test
    void theOtherRepliesCarryTheDigestOfTheWholeResultAndARetransmissionGetsItWholeFromEvery() {
        CoreHarness h = CoreHarness.withDigestReplies(4, 1, false);
        Request r = put(CLIENT, 1, "k", "v");
        h.sendOnly(0, CLIENT, r);
        h.deliverAll();
        List<Reply> replies = h.replies(CLIENT, 1);
        assertEquals(4, replies.size());
        List<Reply> whole = replies.stream().filter(reply -> !reply.resultDigest()).toList();
        assertEquals(1, whole.size());
        Bytes digest = Bytes.wrap(Digests.sha256(whole.get(0).result().toArray()));
        assertTrue(replies.stream().filter(Reply::resultDigest).allMatch(reply -> reply.result().equals(digest)));

        h.toClients.clear();
        h.broadcast(CLIENT, r); // the whole reply was lost, or its replica lied
        h.deliverAll();
        assertEquals(4, h.replies(CLIENT, 1).stream().filter(reply -> !reply.resultDigest()).count());
    }

    private static Request request(long timestamp, boolean replyAll) {
        return new Request(CLIENT + 1, timestamp, Bytes.EMPTY, false, replyAll, Bytes.EMPTY);
    }

    private static CoreSettings settings(int self, boolean designated) {
        return new CoreSettings(self, 4, 1, 6, 16, 8, 16, 1 << 20, 4, 8, p -> "c" + p,
                new CoreSettings.Timeouts(200, 400, 20), true, true, designated, true, false, 0, false);
    }
}
