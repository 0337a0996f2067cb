package dev.pbft.client.core;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * One outstanding request: its timers and the latest reply of each replica (at most n). Replies
 * match when they carry the same result; a reply that carries a result's digest
 * ({@link Reply#resultDigest()}) matches the whole replies whose result has that digest, which is
 * computed only when a digest reply is there to compare with.
 */
final class PendingRequest {
    /** The request as last sent: a read-only one, until it is ordered instead. */
    Request request;
    final ResultListener listener;
    private final Reply[] latest;
    /** The digest of each latest reply's result, once needed. */
    private final Bytes[] digests;
    long ageTicks;
    long nextRetransmitTick;
    long retransmitIntervalTicks;
    /** Whether it went to every replica since it last went to a primary alone. */
    boolean sentToAll;

    PendingRequest(Request request, ResultListener listener, int n, long retransmitTicks) {
        this.request = request;
        this.listener = listener;
        this.latest = new Reply[n];
        this.digests = new Bytes[n];
        this.nextRetransmitTick = retransmitTicks;
        this.retransmitIntervalTicks = retransmitTicks;
    }

    /** Schedules the next retransmission {@code retransmitTicks} from now, the backoff starting over. */
    void restartRetransmission(long retransmitTicks) {
        retransmitIntervalTicks = retransmitTicks;
        nextRetransmitTick = ageTicks + retransmitTicks;
    }

    /** Forgets every reply, as the request goes on another way (a read ordered after all). */
    void forgetReplies() {
        java.util.Arrays.fill(latest, null);
        java.util.Arrays.fill(digests, null);
    }

    /** Records {@code reply} as its replica's latest and returns how many replicas now report its result. */
    int record(Reply reply) {
        latest[reply.replica()] = reply;
        digests[reply.replica()] = reply.resultDigest() ? reply.result() : null;
        return agreeing(reply.replica());
    }

    /** How many latest replies carry the same result as replica {@code i}'s. */
    private int agreeing(int i) {
        int count = 0;
        for (int j = 0; j < latest.length; j++) {
            if (latest[j] != null && same(i, j)) {
                count++;
            }
        }
        return count;
    }

    private boolean same(int i, int j) {
        Reply a = latest[i];
        Reply b = latest[j];
        if (!a.resultDigest() && !b.resultDigest()) {
            return a.result().equals(b.result());
        }
        return digest(i).equals(digest(j));
    }

    private Bytes digest(int i) {
        if (digests[i] == null) {
            digests[i] = Bytes.wrap(Digests.sha256(latest[i].result().backingArray()));
        }
        return digests[i];
    }

    /** The latest replies carrying the same result as {@code reply}, itself included. */
    Reply[] matching(Reply reply) {
        List<Reply> out = new ArrayList<>();
        for (int j = 0; j < latest.length; j++) {
            if (latest[j] != null && same(reply.replica(), j)) {
                out.add(latest[j]);
            }
        }
        return out.toArray(Reply[]::new);
    }

    /** The whole result that {@code reply} carries or names, if a matching reply carries it whole; else null. */
    Bytes wholeResult(Reply reply) {
        for (Reply r : matching(reply)) {
            if (!r.resultDigest()) {
                return r.result();
            }
        }
        return null;
    }

    /** Distinct replicas that have replied. */
    int replies() {
        int count = 0;
        for (Reply r : latest) {
            count += r == null ? 0 : 1;
        }
        return count;
    }

    /** The size of the largest group of replicas whose latest replies agree. */
    int largestAgreement() {
        int best = 0;
        for (int i = 0; i < latest.length; i++) {
            if (latest[i] != null) {
                best = Math.max(best, agreeing(i));
            }
        }
        return best;
    }
}
