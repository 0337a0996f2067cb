package dev.pbft.replica.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a replica that lost its disk from breaking promises it no longer remembers. Before the
 * loss it may have sent PREPAREs and COMMITs up to h + L, h being its stable checkpoint then; at
 * least f+1 correct replicas had executed up to h. Once 2f+1 other replicas have told how far they
 * executed (STATUS or CHECKPOINT), one of them is such a replica, so the highest figure plus L plus
 * a checkpoint interval bounds every sequence number it could have voted on. Until then it votes on
 * nothing and sends no VIEW-CHANGE; afterwards only above the fence. Meanwhile it counts as one of
 * the f faulty replicas: it fetches state and executes, but adds nothing to any quorum.
 *
 * <p>A replica that moved to a view no other replica reached before it lost its disk may still
 * join a lower view later; PBFT's proactive recovery closes that with a view estimate, not done here.
 */
final class AmnesiaFence {
    private final int needed;
    private final long margin;
    private final Map<Integer, Long> reported = new HashMap<>();
    private boolean fenced;
    private long fence = Long.MAX_VALUE;

    /**
     * @param needed reports from distinct other replicas that settle the fence (2f+1)
     * @param margin L plus K: how far above a reported position votes may have gone
     */
    AmnesiaFence(int needed, long margin) {
        this.needed = needed;
        this.margin = margin;
    }

    /** This replica starts without the journal of its earlier life. */
    void raise() {
        fenced = true;
        fence = Long.MAX_VALUE;
        reported.clear();
    }

    /** Replica {@code from} says it executed (or checkpointed) up to {@code seq}. */
    void report(int from, long seq) {
        if (!fenced || fence != Long.MAX_VALUE) {
            return;
        }
        reported.merge(from, seq, Math::max);
        if (reported.size() >= needed) {
            fence = reported.values().stream().mapToLong(Long::longValue).max().orElseThrow() + margin;
        }
    }

    boolean mayVote(long seq) {
        return !fenced || seq > fence;
    }

    boolean mayChangeView() {
        return !fenced || fence != Long.MAX_VALUE;
    }

    /** Lifts the fence once the window starts above it: nothing below can be voted on any more. */
    void windowAt(long low) {
        if (fenced && fence != Long.MAX_VALUE && low >= fence) {
            fenced = false;
        }
    }

    boolean fenced() {
        return fenced;
    }

    /** The highest sequence number this replica may not vote on, or MAX_VALUE while unknown. */
    long fence() {
        return fence;
    }
}
