package dev.pbft.client.core;

import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import java.util.Arrays;

/** One outstanding request: its timers and the latest reply of each replica (at most n). */
final class PendingRequest {
    final Request request;
    final ResultListener listener;
    private final Reply[] latest;
    long ageTicks;
    long nextRetransmitTick;
    long retransmitIntervalTicks;
    /** Whether it went to every replica since it last went to a primary alone. */
    boolean sentToAll;

    PendingRequest(Request request, ResultListener listener, int n, long retransmitTicks) {
        this.request = request;
        this.listener = listener;
        this.latest = new Reply[n];
        this.nextRetransmitTick = retransmitTicks;
        this.retransmitIntervalTicks = retransmitTicks;
    }

    /** Schedules the next retransmission {@code retransmitTicks} from now, the backoff starting over. */
    void restartRetransmission(long retransmitTicks) {
        retransmitIntervalTicks = retransmitTicks;
        nextRetransmitTick = ageTicks + retransmitTicks;
    }

    /** Records {@code reply} as its replica's latest and returns how many replicas now report its result. */
    int record(Reply reply) {
        latest[reply.replica()] = reply;
        return agreeing(reply);
    }

    /** How many latest replies carry the same result as {@code reply}; allocates nothing. */
    private int agreeing(Reply reply) {
        int count = 0;
        for (Reply r : latest) {
            if (r != null && r.result().equals(reply.result())) {
                count++;
            }
        }
        return count;
    }

    /** The latest replies carrying the same result as {@code reply}, itself included. */
    Reply[] matching(Reply reply) {
        return Arrays.stream(latest).filter(r -> r != null && r.result().equals(reply.result())).toArray(Reply[]::new);
    }

    /** Distinct replicas that have replied. */
    int replies() {
        return (int) Arrays.stream(latest).filter(r -> r != null).count();
    }

    /** The size of the largest group of replicas whose latest replies agree. */
    int largestAgreement() {
        int best = 0;
        for (Reply r : latest) {
            if (r != null) {
                best = Math.max(best, agreeing(r));
            }
        }
        return best;
    }
}
