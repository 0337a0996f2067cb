package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.Statements;
import dev.pbft.protocol.message.NewView;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.ViewChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The VIEW-CHANGE messages a replica holds (each replica's latest, highest-view one, verified), its
 * own latest one, the NEW-VIEW of its current view, and the backoff of consecutive view changes.
 * Checks a VIEW-CHANGE completely before it is stored: shape, bounds and signature.
 */
final class ViewChanges {
    private final CoreSettings s;
    private final CertificateSigner signer;
    private final ViewChange[] latest;
    private NewView newView;
    private int consecutive;

    ViewChanges(CoreSettings settings, CertificateSigner signer) {
        this.s = settings;
        this.signer = signer;
        this.latest = new ViewChange[settings.n()];
    }

    /** Signs {@code unsigned} as this replica's VIEW-CHANGE and stores it. */
    ViewChange signOwn(ViewChange unsigned) {
        ViewChange vc = unsigned.withSignature(signer.sign(Statements.viewChange(unsigned)));
        latest[s.self()] = vc;
        consecutive++;
        return vc;
    }

    /** This replica's latest VIEW-CHANGE, or null. */
    ViewChange own() {
        return latest[s.self()];
    }

    /**
     * Stores {@code vc} if it is well formed, correctly signed and newer than what its sender sent
     * before; returns null if stored or kept, else the reason it was refused.
     */
    String offer(ViewChange vc) {
        ViewChange previous = latest[vc.replica()];
        if (previous != null && previous.newView() >= vc.newView()) {
            return null;
        }
        String problem = check(vc);
        if (problem == null) {
            latest[vc.replica()] = vc;
        }
        return problem;
    }

    /** Why {@code vc} is not a valid VIEW-CHANGE, or null if it is. */
    String check(ViewChange vc) {
        String shape = shape(vc);
        if (shape != null) {
            return shape;
        }
        return signer.verify(vc.replica(), Statements.viewChange(vc), vc.signature()) ? null : "bad-signature";
    }

    private String shape(ViewChange vc) {
        long h = vc.stableSeq();
        long top = h + s.windowSize();
        if (vc.replica() < 0 || vc.replica() >= s.n() || vc.newView() < 1) {
            return "malformed";
        }
        boolean claimsStable = false;
        Set<Long> seqs = new HashSet<>();
        for (ViewChange.CheckpointClaim c : vc.checkpoints()) {
            if (c.seq() < h || c.seq() > top || !seqs.add(c.seq())) {
                return "checkpoint-claim-outside-window";
            }
            claimsStable |= c.seq() == h;
        }
        if (!claimsStable) {
            return "no-stable-checkpoint-claim";
        }
        seqs.clear();
        for (ViewChange.Entry e : vc.prepared()) {
            if (e.seq() <= h || e.seq() > top || e.view() >= vc.newView() || !seqs.add(e.seq())) {
                return "prepared-entry-invalid";
            }
        }
        Set<ViewChange.Entry> pairs = new HashSet<>();
        for (ViewChange.Entry e : vc.prePrepared()) {
            if (e.seq() <= h || e.seq() > top || e.view() >= vc.newView()
                    || !pairs.add(new ViewChange.Entry(e.seq(), e.digest(), 0))) {
                return "pre-prepared-entry-invalid";
            }
        }
        return vc.prePrepared().size() <= Slot.Q_MAX * s.windowSize() ? null : "pre-prepared-too-many";
    }

    /** The held VIEW-CHANGEs for exactly {@code view}, this replica's own included. */
    List<ViewChange> forView(long view) {
        List<ViewChange> out = new ArrayList<>();
        for (ViewChange vc : latest) {
            if (vc != null && vc.newView() == view) {
                out.add(vc);
            }
        }
        return out;
    }

    /**
     * Replicas (this one included) whose latest VIEW-CHANGE is for {@code view} or a later one:
     * all of them have left the views below {@code view}.
     */
    int movedTo(long view) {
        int count = 0;
        for (ViewChange vc : latest) {
            if (vc != null && vc.newView() >= view) {
                count++;
            }
        }
        return count;
    }

    /**
     * The smallest view among f+1 other replicas' VIEW-CHANGEs for views above {@code view}, or -1:
     * with f+1 of them at least one correct replica has moved on, so this one joins (section 4.5).
     */
    long joinableAbove(long view) {
        List<Long> above = new ArrayList<>();
        for (int r = 0; r < latest.length; r++) {
            if (r != s.self() && latest[r] != null && latest[r].newView() > view) {
                above.add(latest[r].newView());
            }
        }
        if (above.size() < s.f() + 1) {
            return -1;
        }
        above.sort(null);
        // The smallest view that f+1 of them reach or pass.
        return above.get(above.size() - (s.f() + 1));
    }

    /** How many view changes in a row have not led to progress; resets when a request executes. */
    int consecutive() {
        return consecutive;
    }

    void progressed() {
        consecutive = 0;
    }

    NewView newView() {
        return newView;
    }

    void installed(NewView nv) {
        this.newView = nv;
    }

    /** How long to wait for NEW-VIEW: {@code base}, doubled for each earlier view change in a row. */
    long newViewWait(long base) {
        return base << Math.min(Math.max(consecutive - 1, 0), 16);
    }

    /** Ticks to wait: {@code base} doubled for every consecutive failed view change (capped). */
    long backoff(long base) {
        return base << Math.min(consecutive, 16);
    }


    /** This replica's VIEW-CHANGE for {@code newView}, unsigned: its P and Q sets and checkpoints. */
    ViewChange build(long newView, MessageLog log, Checkpoints checkpoints) {
        List<ViewChange.Entry> prepared = new ArrayList<>();
        List<ViewChange.Entry> prePrepared = new ArrayList<>();
        for (Slot slot : log.slots()) {
            if (slot.preparedDigest != null) {
                prepared.add(new ViewChange.Entry(slot.seq, slot.preparedDigest, slot.preparedView));
            }
            slot.prePrepared.forEach((d, v) -> prePrepared.add(new ViewChange.Entry(slot.seq, d, v)));
        }
        return new ViewChange(newView, log.low(), checkpoints.claims(log.low()), prepared, prePrepared, s.self(),
                Bytes.EMPTY);
    }

    /**
     * Why {@code nv} is not what its VIEW-CHANGEs prove, or null: a backup recomputes the decision
     * from the same VIEW-CHANGEs and checks every batch in O like a fresh one.
     */
    String newViewProblem(NewView nv, BatchRules rules, MessageLog log) {
        Set<Integer> senders = new HashSet<>();
        for (ViewChange vc : nv.viewChanges()) {
            if (vc.newView() != nv.view() || !senders.add(vc.replica()) || check(vc) != null) {
                return "bad-view-change";
            }
        }
        if (senders.size() < s.quorum()) {
            return "too-few-view-changes";
        }
        NewViewRule.Decision d = NewViewRule.decide(nv.viewChanges(), s.f(), s.quorum(), s.windowSize());
        if (d == null) {
            return "view-changes-settle-nothing";
        }
        if (d.stableSeq() != nv.stableSeq() || !d.stableDigest().equals(nv.stableDigest())
                || d.digests().size() != nv.prePrepares().size()) {
            return "wrong-checkpoint-or-O";
        }
        for (int i = 0; i < d.digests().size(); i++) {
            PrePrepare pp = nv.prePrepares().get(i);
            Bytes chosen = d.digests().get(i) == null ? NULL_DIGEST : d.digests().get(i);
            if (pp.view() != nv.view() || pp.seq() != d.stableSeq() + 1 + i || !pp.digest().equals(chosen)
                    || (d.digests().get(i) == null && !pp.batch().isEmpty())) {
                return "wrong-O";
            }
            if (!digestOnly(pp) && rules.problem(pp.seq(), pp.digest(), pp.batch(), false) != null) {
                return "bad-batch-in-O";
            }
            Slot slot = log.existing(pp.seq());
            if (slot != null && slot.decided() && !slot.decidedDigest.equals(pp.digest())) {
                return "contradicts-committed";
            }
        }
        return null;
    }

    /**
     * O of a NEW-VIEW for {@code view}: a pre-prepare per sequence number of {@code d}, with the
     * chosen batch or the null request. Returns null if some chosen batch is not in this replica's
     * log; each such (seq, digest) is passed to {@code missing} first, to be fetched.
     */
    List<PrePrepare> prePrepares(long view, NewViewRule.Decision d, MessageLog log, BiConsumer<Long, Bytes> missing) {
        List<PrePrepare> o = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < d.digests().size(); i++) {
            long seq = d.stableSeq() + 1 + i;
            Bytes digest = d.digests().get(i);
            if (digest == null) {
                o.add(new PrePrepare(view, seq, NULL_DIGEST, List.of()));
                continue;
            }
            Slot slot = log.existing(seq);
            List<Request> batch = slot == null ? null : slot.batch(digest);
            if (batch == null) {
                complete = false;
                missing.accept(seq, digest);
            } else {
                o.add(new PrePrepare(view, seq, digest, batch));
            }
        }
        return complete ? o : null;
    }

    /**
     * {@code nv} as it travels: O's pre-prepares carry their digests only (the null request's is
     * empty anyway). A backup takes each batch from its own log, where it nearly always is, or
     * fetches it from the replicas that pre-prepared it; so a NEW-VIEW stays small however large the
     * batches it re-orders (with O's batches it outgrew a frame, and a group with large requests
     * could not change views).
     */
    static NewView withDigestsOnly(NewView nv) {
        List<PrePrepare> o = new ArrayList<>(nv.prePrepares().size());
        for (PrePrepare pp : nv.prePrepares()) {
            o.add(pp.batch().isEmpty() ? pp : new PrePrepare(pp.view(), pp.seq(), pp.digest(), List.of()));
        }
        return new NewView(nv.view(), nv.viewChanges(), nv.stableSeq(), nv.stableDigest(), o, nv.replica());
    }

    /** Whether {@code pp} of a NEW-VIEW's O carries a digest without its (non-null) batch. */
    static boolean digestOnly(PrePrepare pp) {
        return pp.batch().isEmpty() && !pp.digest().equals(NULL_DIGEST);
    }

    /** The senders in {@code set} that claim to have pre-prepared {@code digest} at {@code seq}. */
    static Set<Integer> holders(List<ViewChange> set, long seq, Bytes digest) {
        Set<Integer> holders = new HashSet<>();
        for (ViewChange vc : set) {
            for (ViewChange.Entry e : vc.prePrepared()) {
                if (e.seq() == seq && e.digest().equals(digest)) {
                    holders.add(vc.replica());
                }
            }
        }
        return holders;
    }


    private static final Bytes NULL_DIGEST = dev.pbft.protocol.BatchDigest.of(List.of());
}
