package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.ViewChange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The new-view decision of PBFT without certificates (Castro and Liskov, TOCS 2002, section
 * 4.5.2): a pure function from a set S of VIEW-CHANGE messages to the checkpoint the new view starts
 * from and a batch digest (or the null request) for every sequence number above it. The new primary
 * computes it to build NEW-VIEW; every backup computes it again from the same S and refuses a
 * NEW-VIEW that differs.
 *
 * <p>Below, 2f+1 stands for the quorum q of {@link CoreSettings#quorum()} (equal when n = 3f+1).
 * Claims in S are not proofs, so the rule acts only on what enough senders claim. Checkpoint:
 * the highest (n, d) that f+1 senders claim and at or above the stable checkpoint of 2f+1 senders.
 * Sequence number k above it gets digest d if some sender prepared d at k in view v and
 * <ul>
 *   <li>A1: 2f+1 senders with h < k prepared nothing at k, or only in a view below v, or d in v;</li>
 *   <li>A2: f+1 senders pre-prepared d at k in view v or later;</li>
 * </ul>
 * and the null request if B: 2f+1 senders with h < k prepared nothing at k. If a committed batch
 * exists at k it is the only one that can satisfy A, so no correct replica's decision is undone.
 * When neither holds for some k the answer is "not yet": more VIEW-CHANGEs are needed.
 */
final class NewViewRule {
    /** The state digest claimed for sequence number 0, before anything executed. */
    static final Bytes GENESIS_DIGEST = Bytes.wrap(new byte[32]);

    private NewViewRule() {
    }

    /**
     * The outcome.
     *
     * @param stableSeq    the checkpoint the new view starts from
     * @param stableDigest its state digest
     * @param digests      for stableSeq+1, stableSeq+2, ... in order: the chosen digest, or null for
     *                     the null request (the list holds nulls); ends at the highest sequence
     *                     number that gets a batch
     */
    record Decision(long stableSeq, Bytes stableDigest, List<Bytes> digests) {
        long maxSeq() {
            return stableSeq + digests.size();
        }
    }

    /** The decision for S = {@code viewChanges}, or null if S does not settle every sequence number yet. */
    static Decision decide(List<ViewChange> viewChanges, int f, int quorum, int windowSize) {
        ViewChange.CheckpointClaim start = checkpoint(viewChanges, f, quorum);
        if (start == null) {
            return null;
        }
        long h = start.seq();
        long maxPrepared = h;
        for (ViewChange m : viewChanges) {
            for (ViewChange.Entry e : m.prepared()) {
                if (e.seq() > h && e.seq() <= h + windowSize) {
                    maxPrepared = Math.max(maxPrepared, e.seq());
                }
            }
        }
        List<Bytes> digests = new ArrayList<>();
        int lastBatch = 0;
        for (long k = h + 1; k <= maxPrepared; k++) {
            Bytes chosen = chooseBatch(viewChanges, k, f, quorum);
            if (chosen != null) {
                digests.add(chosen);
                lastBatch = digests.size();
            } else if (nullAllowed(viewChanges, k, quorum)) {
                digests.add(null);
            } else {
                return null;
            }
        }
        return new Decision(h, start.stateDigest(), Collections.unmodifiableList(new ArrayList<>(digests.subList(0, lastBatch))));
    }

    private static ViewChange.CheckpointClaim checkpoint(List<ViewChange> s, int f, int quorum) {
        List<ViewChange.CheckpointClaim> candidates = new ArrayList<>();
        for (ViewChange m : s) {
            candidates.addAll(m.checkpoints());
        }
        // Highest sequence number first; among equal ones the smallest digest, so everyone picks alike.
        candidates.sort(Comparator.comparingLong(ViewChange.CheckpointClaim::seq).reversed()
                .thenComparing(ViewChange.CheckpointClaim::stateDigest));
        for (ViewChange.CheckpointClaim c : candidates) {
            int claiming = 0;
            int below = 0;
            for (ViewChange m : s) {
                if (m.checkpoints().contains(c)) {
                    claiming++;
                }
                if (m.stableSeq() <= c.seq()) {
                    below++;
                }
            }
            if (claiming >= f + 1 && below >= quorum) {
                return c;
            }
        }
        return null;
    }

    /** Condition A (A1 and A2) for sequence number {@code k}: the digest it picks, or null. */
    private static Bytes chooseBatch(List<ViewChange> s, long k, int f, int quorum) {
        List<ViewChange.Entry> candidates = new ArrayList<>();
        for (ViewChange m : s) {
            ViewChange.Entry e = preparedAt(m, k);
            if (e != null && !candidates.contains(e)) {
                candidates.add(e);
            }
        }
        // Highest view first, then the smallest digest: deterministic whatever the order of S.
        candidates.sort(Comparator.comparingLong(ViewChange.Entry::view).reversed()
                .thenComparing(ViewChange.Entry::digest));
        for (ViewChange.Entry c : candidates) {
            if (a1(s, k, c) >= quorum && a2(s, k, c) >= f + 1) {
                return c.digest();
            }
        }
        return null;
    }

    private static int a1(List<ViewChange> s, long k, ViewChange.Entry c) {
        int count = 0;
        for (ViewChange m : s) {
            if (m.stableSeq() >= k) {
                continue;
            }
            ViewChange.Entry e = preparedAt(m, k);
            if (e == null || e.view() < c.view() || (e.view() == c.view() && e.digest().equals(c.digest()))) {
                count++;
            }
        }
        return count;
    }

    private static int a2(List<ViewChange> s, long k, ViewChange.Entry c) {
        int count = 0;
        for (ViewChange m : s) {
            for (ViewChange.Entry q : m.prePrepared()) {
                if (q.seq() == k && q.digest().equals(c.digest()) && q.view() >= c.view()) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    /** Condition B: a quorum of senders with h < k prepared nothing at k. */
    private static boolean nullAllowed(List<ViewChange> s, long k, int quorum) {
        int count = 0;
        for (ViewChange m : s) {
            if (m.stableSeq() < k && preparedAt(m, k) == null) {
                count++;
            }
        }
        return count >= quorum;
    }

    private static ViewChange.Entry preparedAt(ViewChange m, long k) {
        for (ViewChange.Entry e : m.prepared()) {
            if (e.seq() == k) {
                return e;
            }
        }
        return null;
    }
}
