package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Replies from f+1 designated backups ({@code reply.designated = 1}). */
class DesignatedRepliesTest {
    private static final int CLIENT = 4;

    @Test
    void eachRequestIsAnsweredByFPlusOneBackupsSpreadEvenlyAndNeverByThePrimary() {
        for (int[] group : new int[][] {{4, 1}, {7, 2}, {10, 3}}) {
            int n = group[0];
            int f = group[1];
            for (long view = 0; view < n; view++) {
                int[] answered = new int[n];
                long requests = (n - 1) * 4L;
                for (long t = 1; t <= requests; t++) {
                    int count = 0;
                    for (int i = 0; i < n; i++) {
                        if (settings(i, n, f, true).answers(request(n + 1, t, false), view)) {
                            answered[i]++;
                            count++;
                        }
                    }
                    assertEquals(f + 1, count, "n=" + n + " view " + view + " t=" + t);
                }
                int primary = (int) (view % n);
                assertEquals(0, answered[primary], "the primary of view " + view + " answers nothing");
                for (int i = 0; i < n; i++) {
                    if (i != primary) {
                        assertEquals(requests * (f + 1) / (n - 1), answered[i], "backup " + i + " of n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void everyReplicaAnswersARequestAskingForItOrWhenDesignatedRepliesAreOff() {
        for (int i = 0; i < 4; i++) {
            assertTrue(settings(i, 4, 1, true).answers(request(5, 1, true), 0));
            assertTrue(settings(i, 4, 1, false).answers(request(5, 1, false), 0));
        }
        assertTrue(settings(0, 1, 0, true).answers(request(1, 1, false), 0), "a group of one has no backup to name");
    }

    @Test
    void anExecutedRequestGetsFPlusOneRepliesAndARetransmissionGetsEveryReplicasCachedOne() {
        CoreHarness h = CoreHarness.withDesignatedReplies(4, 1);
        Request r = put(CLIENT, 1, "k", "v");
        h.sendOnly(0, CLIENT, r);
        h.deliverAll();
        Set<Integer> first = repliers(h, 1);
        assertEquals(2, first.size(), "f+1 replies: " + first);
        assertFalse(first.contains(0), "not from the primary");

        h.toClients.clear();
        h.broadcast(CLIENT, r); // the client heard too little (a designated replica may be faulty)
        h.deliverAll();
        assertEquals(Set.of(0, 1, 2, 3), repliers(h, 1));
    }

    @Test
    void aDesignatedBackupThatWithholdsItsReplyCostsTheClientOneRetransmission() {
        CoreHarness h = CoreHarness.withDesignatedReplies(4, 1);
        Request r = put(CLIENT, 1, "k", "v");
        int withholder = repliersOf(r).first(); // its replies are lost: the client sees only the others'
        h.sendOnly(0, CLIENT, r);
        h.deliverAll();
        Set<Integer> heard = repliers(h, 1);
        heard.remove(withholder);
        assertEquals(1, heard.size(), "one correct designated reply is not f+1");
        h.toClients.clear();
        h.broadcast(CLIENT, r);
        h.deliverAll();
        h.toClients.removeIf(e -> e.from() == withholder);
        assertEquals(3, matching(h, 1), "the three correct replicas answer the retransmission alike");
    }

    @Test
    void aRequestAskingForEveryReplyIsAnsweredByAll() {
        CoreHarness h = CoreHarness.withDesignatedReplies(4, 1);
        Request plain = put(CLIENT, 1, "k", "v");
        h.sendOnly(0, CLIENT, new Request(CLIENT, 1, plain.operation(), false, true, plain.clientAuth()));
        h.deliverAll();
        assertEquals(Set.of(0, 1, 2, 3), repliers(h, 1));
    }

    private static TreeSet<Integer> repliersOf(Request r) {
        TreeSet<Integer> designated = new TreeSet<>();
        for (int i = 0; i < 4; i++) {
            if (settings(i, 4, 1, true).answers(r, 0)) {
                designated.add(i);
            }
        }
        return designated;
    }

    private static Set<Integer> repliers(CoreHarness h, long timestamp) {
        Set<Integer> from = new TreeSet<>();
        h.replies(CLIENT, timestamp).forEach(reply -> from.add(reply.replica()));
        return from;
    }

    private static long matching(CoreHarness h, long timestamp) {
        var replies = h.replies(CLIENT, timestamp);
        Bytes first = replies.get(0).result();
        return replies.stream().filter(reply -> reply.result().equals(first)).map(Reply::replica).distinct().count();
    }

    private static Request request(int client, long timestamp, boolean replyAll) {
        return new Request(client, timestamp, Bytes.EMPTY, false, replyAll, Bytes.EMPTY);
    }

    private static CoreSettings settings(int self, int n, int f, boolean designated) {
        return new CoreSettings(self, n, f, n + 2, 16, 8, 16, 1 << 20, 4, 8, p -> "c" + p,
                new CoreSettings.Timeouts(200, 400, 20), true, true, designated, false, false, 0, false);
    }
}
