package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one replica knows about one sequence number inside the window.
 *
 * <ul>
 *   <li>Agreement in the current view: the accepted pre-prepare and the first PREPARE and COMMIT
 *       each replica sent; votes may arrive before the pre-prepare and count once it is there, only
 *       if their digest matches it. At most one vote per replica per phase.</li>
 *   <li>The decision: once committed (committed-local, or 2f+1 matching COMMITs plus the batch) the
 *       batch is final in every later view.</li>
 *   <li>History for VIEW-CHANGE, kept across views: the digest that last prepared here and its view
 *       (the P set), the digests pre-prepared here with their latest view (the Q set, at most
 *       {@link #Q_MAX} of them) and the batches behind those digests.</li>
 * </ul>
 */
final class Slot {
    /** Q entries kept per sequence number; the oldest view goes first. */
    static final int Q_MAX = WireLimits.PRE_PREPARED_PER_SEQ_MAX;

    final long seq;
    long view;
    PrePrepare prePrepare;
    /**
     * A pre-prepare of the current view held back because a request's client MAC does not check
     * here; accepted once f backups prepare its digest (with the primary, f+1 replicas, so at least
     * one correct replica checked it).
     */
    PrePrepare unchecked;
    /**
     * O's pre-prepare of the current view for this sequence number, which the NEW-VIEW carried as a
     * digest only and whose batch this replica lacks: accepted once the fetched batch arrives.
     */
    PrePrepare awaitingBatch;
    final Map<Integer, Bytes> prepares = new HashMap<>();
    final Map<Integer, Bytes> commits = new HashMap<>();
    boolean prepared;
    boolean sentPrepare;

    Bytes decidedDigest;
    List<Request> decidedBatch;
    boolean executed;
    /** The digest whose batch this replica asked peers for, if any. */
    Bytes fetching;

    Bytes preparedDigest;
    long preparedView = -1;
    final Map<Bytes, Long> prePrepared = new LinkedHashMap<>();
    final Map<Bytes, List<Request>> batches = new HashMap<>();
    /** Digests whose batches went into the journal with an accepted pre-prepare. */
    final java.util.Set<Bytes> journaled = new java.util.HashSet<>();

    Slot(long seq, long view) {
        this.seq = seq;
        this.view = view;
    }

    /** Forgets the agreement of an earlier view; the decision and the history stay. */
    void enterView(long newView) {
        if (newView == view) {
            return;
        }
        view = newView;
        prePrepare = null;
        unchecked = null;
        awaitingBatch = null;
        prepares.clear();
        commits.clear();
        prepared = false;
        sentPrepare = false;
    }

    Bytes digest() {
        return prePrepare == null ? null : prePrepare.digest();
    }

    /** Accepts {@code pp} for the current view and notes it in the Q set. */
    void accept(PrePrepare pp) {
        prePrepare = pp;
        notePrePrepared(pp.digest(), pp.view(), pp.batch());
    }

    void notePrePrepared(Bytes digest, long inView, List<Request> batch) {
        prePrepared.remove(digest);
        prePrepared.put(digest, inView);
        batches.put(digest, batch);
        while (prePrepared.size() > Q_MAX) {
            Bytes oldest = oldestQ();
            prePrepared.remove(oldest);
            if (!oldest.equals(preparedDigest) && !oldest.equals(decidedDigest)) {
                batches.remove(oldest);
            }
        }
    }

    private Bytes oldestQ() {
        Bytes oldest = null;
        long oldestView = Long.MAX_VALUE;
        for (Map.Entry<Bytes, Long> e : prePrepared.entrySet()) {
            if (e.getValue() < oldestView) {
                oldest = e.getKey();
                oldestView = e.getValue();
            }
        }
        return oldest;
    }

    void markPrepared() {
        prepared = true;
        preparedDigest = prePrepare.digest();
        preparedView = view;
    }

    void decide(Bytes digest, List<Request> batch) {
        decidedDigest = digest;
        decidedBatch = batch;
        batches.put(digest, batch);
    }

    boolean decided() {
        return decidedDigest != null;
    }

    /** The batch with {@code digest} if this replica has it, else null. */
    List<Request> batch(Bytes digest) {
        return batches.get(digest);
    }

    /** Votes in {@code votes} for {@code digest}, not counting {@code excluded}. */
    static int matching(Map<Integer, Bytes> votes, Bytes digest, int excluded) {
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
