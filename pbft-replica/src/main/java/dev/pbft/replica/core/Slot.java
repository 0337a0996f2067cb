package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.PrePrepare;
import java.util.HashMap;
import java.util.Map;

/**
 * One sequence number's agreement state in the current view: the accepted pre-prepare and the
 * first PREPARE and COMMIT each replica sent for it. Votes may arrive before the pre-prepare; they
 * count once it is there and only if their digest matches it. At most one vote per replica per
 * phase, so a slot holds at most 2n votes.
 */
final class Slot {
    final long seq;
    final long view;
    PrePrepare prePrepare;
    final Map<Integer, Bytes> prepares = new HashMap<>();
    final Map<Integer, Bytes> commits = new HashMap<>();
    boolean prepared;
    boolean committed;

    Slot(long seq, long view) {
        this.seq = seq;
        this.view = view;
    }

    Bytes digest() {
        return prePrepare == null ? null : prePrepare.digest();
    }

    /** Votes in {@code votes} that match the accepted pre-prepare, not counting {@code excluded}. */
    int matching(Map<Integer, Bytes> votes, int excluded) {
        Bytes digest = digest();
        if (digest == null) {
            return 0;
        }
        int count = 0;
        for (Map.Entry<Integer, Bytes> e : votes.entrySet()) {
            if (e.getKey() != excluded && digest.equals(e.getValue())) {
                count++;
            }
        }
        return count;
    }
}
