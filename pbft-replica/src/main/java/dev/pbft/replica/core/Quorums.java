package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import java.util.HashMap;
import java.util.Map;

/** Counting votes: the one place that decides whether enough distinct senders agree on a value. */
final class Quorums {
    private Quorums() {
    }

    /**
     * The digest that at least {@code quorum} of {@code votes} name, or null. Callers pass one vote
     * per distinct sender; nulls (senders with no vote) are skipped.
     */
    static Bytes agreedDigest(Iterable<Bytes> votes, int quorum) {
        Map<Bytes, Integer> counts = new HashMap<>();
        for (Bytes d : votes) {
            if (d != null && counts.merge(d, 1, Integer::sum) >= quorum) {
                return d;
            }
        }
        return null;
    }
}
