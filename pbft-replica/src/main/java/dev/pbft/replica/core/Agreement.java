package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.BatchData;
import dev.pbft.protocol.message.BatchFetch;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Request;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The three phases of the normal case (OSDI'99 sections 4.2 and 4.3) on the slots of the message
 * log: guards and effects of PRE-PREPARE, PREPARE and COMMIT, and fetching the batch of a slot that
 * 2f+1 COMMITs settled without its PRE-PREPARE. The router has already settled the view and the
 * window; every method takes the current view. Methods that can decide a slot return whether one
 * was decided, so the router executes what is ready.
 */
final class Agreement {
    private final CoreSettings s;
    private final MessageLog log;
    private final Outbox out;
    private final CoreStats stats;
    private final BatchRules rules;
    private final int[] others;
    private final Journal journal;
    private final java.util.function.LongPredicate mayVote;
    private final java.util.function.Function<PrePrepare, Message> forBackups;
    /** Sequence numbers with a held pre-prepare (see {@link Slot#unchecked}); rare, so kept apart. */
    private final java.util.TreeSet<Long> held = new java.util.TreeSet<>();

    Agreement(CoreSettings settings, MessageLog log, Outbox out, CoreStats stats, BatchRules rules, int[] others,
              Journal journal, java.util.function.LongPredicate mayVote, java.util.function.Function<PrePrepare, Message> forBackups) {
        this.journal = journal;
        this.forBackups = forBackups;
        this.mayVote = mayVote;
        this.s = settings;
        this.log = log;
        this.out = out;
        this.stats = stats;
        this.rules = rules;
        this.others = others;
    }

    /** The primary's own pre-prepare for a batch it just cut. */
    boolean propose(long view, PrePrepare pp) {
        Slot slot = log.slot(pp.seq(), view);
        slot.enterView(view);
        accept(slot, pp);
        log.noteOrdered(slot);
        out.multicast(others, forBackups.apply(pp));
        return checkPrepared(view, slot);
    }

    /**
     * A backup takes the primary's pre-prepare: the first for (view, seq), with a batch that passes
     * {@link BatchRules} and does not contradict a decided one. Returns the slot if accepted.
     */
    Slot onPrePrepare(long view, PrePrepare pp) {
        Slot slot = log.slot(pp.seq(), view);
        slot.enterView(view);
        if (slot.prePrepare != null) {
            if (!slot.prePrepare.digest().equals(pp.digest())) {
                stats.reject("pre-prepare:conflicting-digest");
            }
            return null;
        }
        String problem = rules.problem(pp.seq(), pp.digest(), pp.batch(), true);
        if (problem == null && slot.decided() && !slot.decidedDigest.equals(pp.digest())) {
            problem = "contradicts-committed";
        }
        if (BatchRules.UNCHECKED.equals(problem)) {
            stats.reject("pre-prepare:" + problem); // counted, and held: see acceptUnchecked
            slot.unchecked = pp;
            held.add(pp.seq());
            return null;
        }
        if (problem != null) {
            stats.reject("pre-prepare:" + problem);
            return null;
        }
        accept(slot, pp);
        log.noteOrdered(slot);
        return slot;
    }

    /**
     * Accepts a held pre-prepare once f backups prepared its digest: the primary and they are f+1
     * replicas, so a correct one checked every client MAC in it. A client whose MAC is spoiled for
     * some backups thus cannot keep them out of agreement, even before the endorsements that would
     * also vouch for its requests reach them (see {@link #retryUnchecked}).
     */
    private void acceptUnchecked(long view, Slot slot) {
        PrePrepare pp = slot.unchecked;
        if (pp == null || slot.prePrepare != null
                || Slot.matching(slot.prepares, pp.digest(), s.primary(view)) < s.f()) {
            return;
        }
        acceptHeld(view, slot);
    }

    private void acceptHeld(long view, Slot slot) {
        PrePrepare pp = slot.unchecked;
        slot.unchecked = null;
        if (slot.decided() && !slot.decidedDigest.equals(pp.digest())) {
            return;
        }
        accept(slot, pp);
        log.noteOrdered(slot);
        sendPrepare(view, slot);
    }

    /**
     * Looks again at held pre-prepares after new endorsements arrived: one whose requests f+1
     * replicas now vouch for is accepted. Returns whether that decided a slot.
     */
    boolean retryUnchecked(long view) {
        boolean decided = false;
        if (held.isEmpty()) {
            return false;
        }
        for (Long seq : List.copyOf(held)) {
            Slot slot = log.existing(seq);
            PrePrepare pp = slot == null ? null : slot.unchecked;
            if (pp == null || slot.prePrepare != null) {
                held.remove(seq);
                continue;
            }
            if (slot.view == view && rules.problem(pp.seq(), pp.digest(), pp.batch(), true) == null) {
                held.remove(seq);
                acceptHeld(view, slot);
                decided |= checkPrepared(view, slot);
            }
        }
        return decided;
    }

    /**
     * Starts {@code view} from a NEW-VIEW: every slot forgets the agreement of earlier views, the
     * pre-prepares of O are accepted (their batches were checked with the NEW-VIEW), and a backup
     * prepares each.
     */
    void enterView(long view, List<PrePrepare> o, boolean primary, BiFunction<Long, Bytes, Set<Integer>> holders) {
        for (Slot slot : log.slots()) {
            slot.enterView(view);
        }
        for (PrePrepare pp : o) {
            if (log.inWindow(pp.seq())) {
                Slot slot = log.slot(pp.seq(), view);
                slot.enterView(view);
                PrePrepare whole = withBatch(slot, pp);
                if (whole == null) {
                    slot.awaitingBatch = pp;
                    fetchBatch(pp.seq(), pp.digest(), holders.apply(pp.seq(), pp.digest()));
                    continue;
                }
                accept(slot, whole);
                if (!primary) {
                    sendPrepare(view, slot);
                }
            }
        }
        log.reindexOrdered();
    }

    /** {@code pp} with its batch: as it came, or a digest-only one with the batch from the log; else null. */
    private static PrePrepare withBatch(Slot slot, PrePrepare pp) {
        if (!ViewChanges.digestOnly(pp)) {
            return pp;
        }
        List<Request> batch = slot.batch(pp.digest());
        return batch == null ? null : new PrePrepare(pp.view(), pp.seq(), pp.digest(), batch);
    }

    /** Asks every other replica again for the batch of a NEW-VIEW's pre-prepare this replica awaits. */
    void refetchAwaited(Slot slot) {
        PrePrepare awaited = slot.awaitingBatch;
        if (awaited != null && slot.prePrepare == null) {
            Set<Integer> everyone = new java.util.HashSet<>();
            for (int r : others) {
                everyone.add(r);
            }
            fetchBatch(awaited.seq(), awaited.digest(), everyone);
        }
    }

    private void accept(Slot slot, PrePrepare pp) {
        slot.accept(pp);
        journal.append(new JournalEntry.Accepted(pp));
        slot.journaled.add(pp.digest());
    }

    void sendPrepare(long view, Slot slot) {
        if (!mayVote.test(slot.seq)) {
            return; // see AmnesiaFence
        }
        slot.sentPrepare = true;
        slot.prepares.put(s.self(), slot.digest());
        out.multicast(others, new Prepare(view, slot.seq, slot.digest(), s.self()));
    }

    boolean onPrepare(long view, Prepare p) {
        Slot slot = log.slot(p.seq(), view);
        slot.enterView(view);
        slot.prepares.putIfAbsent(p.replica(), p.digest());
        acceptUnchecked(view, slot);
        return checkPrepared(view, slot);
    }

    boolean onCommit(long view, Commit c) {
        Slot slot = log.slot(c.seq(), view);
        slot.enterView(view);
        slot.commits.putIfAbsent(c.replica(), c.digest());
        return checkCommitted(slot);
    }

    /** prepared: the pre-prepare plus q-1 (2f when n = 3f+1) matching PREPAREs from distinct backups. */
    boolean checkPrepared(long view, Slot slot) {
        if (slot.prepared || slot.prePrepare == null
                || Slot.matching(slot.prepares, slot.digest(), s.primary(view)) < s.quorum() - 1) {
            return false;
        }
        if (!mayVote.test(slot.seq)) {
            return checkCommitted(slot); // no COMMIT of its own; 2f+1 from others still settle it
        }
        slot.markPrepared();
        log.notePrepared(slot.seq);
        journal.append(new JournalEntry.Prepared(view, slot.seq, slot.digest()));
        slot.commits.put(s.self(), slot.digest());
        out.multicast(others, new Commit(view, slot.seq, slot.digest(), s.self()));
        return checkCommitted(slot);
    }

    /**
     * committed: 2f+1 matching COMMITs. With its own prepared certificate that is committed-local;
     * without one (its PRE-PREPARE was lost) the COMMITs alone still prove that f+1 correct replicas
     * prepared the digest, so it is final: the replica fetches the batch and executes it.
     */
    boolean checkCommitted(Slot slot) {
        if (slot.decided()) {
            return false;
        }
        Bytes digest = Quorums.agreedDigest(slot.commits.values(), s.quorum());
        if (digest == null) {
            return false;
        }
        List<Request> batch = slot.batch(digest);
        if (batch == null) {
            fetchBatch(slot.seq, digest, slot.commits.keySet());
            return false;
        }
        slot.decide(digest, batch);
        return true;
    }

    /** Asks {@code holders} for the batch with {@code digest} at {@code seq}. */
    void fetchBatch(long seq, Bytes digest, Set<Integer> holders) {
        Slot slot = log.existing(seq);
        if (slot != null) {
            slot.fetching = digest;
        }
        BatchFetch fetch = new BatchFetch(seq, digest, s.self());
        for (int r : holders) {
            if (r != s.self()) {
                out.send(r, fetch);
            }
        }
    }

    void onBatchFetch(int from, BatchFetch bf) {
        Slot slot = log.existing(bf.seq());
        List<Request> batch = slot == null ? null : slot.batch(bf.digest());
        if (batch == null || bf.replica() != from) {
            stats.reject("batch-fetch:not-held");
            return;
        }
        out.send(from, new BatchData(bf.seq(), bf.digest(), batch, s.self()));
    }

    /**
     * Keeps a batch this replica asked for, once it checks; accepts the NEW-VIEW pre-prepare of
     * {@code view} that awaited it. Returns whether that decided its slot.
     */
    boolean onBatchData(long view, BatchData bd) {
        Slot slot = log.existing(bd.seq());
        if (slot == null || !bd.digest().equals(slot.fetching) || slot.batch(bd.digest()) != null) {
            return false; // only batches this replica asked for, so a peer cannot fill its memory
        }
        String problem = rules.problem(bd.seq(), bd.digest(), bd.batch(), false);
        if (problem != null) {
            stats.reject("batch-data:" + problem);
            return false;
        }
        slot.batches.put(bd.digest(), bd.batch());
        PrePrepare awaited = slot.awaitingBatch;
        if (awaited != null && awaited.digest().equals(bd.digest()) && awaited.view() == view && slot.view == view
                && slot.prePrepare == null) {
            slot.awaitingBatch = null;
            accept(slot, new PrePrepare(view, awaited.seq(), awaited.digest(), bd.batch()));
            if (s.primary(view) != s.self()) {
                sendPrepare(view, slot);
            }
            if (checkPrepared(view, slot)) {
                return true;
            }
        }
        return checkCommitted(slot);
    }
}
