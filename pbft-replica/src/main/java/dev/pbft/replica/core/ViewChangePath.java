package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.NewView;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.ViewChange;
import java.util.List;
import java.util.Set;

/**
 * The replica's view and the change to the next (TOCS 2002, section 4.5): the timers that start a
 * view change, VIEW-CHANGE and NEW-VIEW, and the installation of a new view. It owns the view and
 * whether the replica works in it; the rest of {@link ReplicaCore} reads them here. Part of the core,
 * on its thread; it reaches the core's other parts through {@link Core}.
 */
final class ViewChangePath {
    /** What the view change needs of the rest of the core. */
    interface Core {
        long now();

        long lastExecuted();

        /** The primary of a new view numbers its batches from {@code seq} on. */
        void nextSeq(long seq);

        /** Makes (seq, digest) the stable checkpoint, as a verified NEW-VIEW establishes it. */
        void adoptCheckpoint(long seq, Bytes digest);

        /** Messages held for a later view are looked at again after this step. */
        void replayHeld();

        Recovery.Position position();
    }

    private final CoreSettings s;
    private final Outbox out;
    private final CoreStats stats;
    private final Core core;
    private final Journal journal;
    private final MessageLog log;
    private final Checkpoints checkpoints;
    private final ViewChanges viewChanges;
    private final AmnesiaFence fence;
    private final BatchRules rules;
    private final Agreement agreement;
    private final RequestIntake intake;
    private final ClientTable clients;
    private final RequestPath requests;
    private final Recovery recovery;
    private final int[] others;

    private long view;
    private boolean active = true;
    private long viewChangeDeadline;
    private boolean primarySuspected;

    ViewChangePath(CoreSettings settings, Outbox out, CoreStats stats, Core core, Journal journal, MessageLog log,
                   Checkpoints checkpoints, ViewChanges viewChanges, AmnesiaFence fence, BatchRules rules,
                   Agreement agreement, RequestIntake intake, ClientTable clients, RequestPath requests,
                   Recovery recovery, int[] others) {
        this.s = settings;
        this.out = out;
        this.stats = stats;
        this.core = core;
        this.journal = journal;
        this.log = log;
        this.checkpoints = checkpoints;
        this.viewChanges = viewChanges;
        this.fence = fence;
        this.rules = rules;
        this.agreement = agreement;
        this.intake = intake;
        this.clients = clients;
        this.requests = requests;
        this.recovery = recovery;
        this.others = others;
    }

    long view() {
        return view;
    }

    /** Whether the replica works in {@link #view()}, rather than waiting for its NEW-VIEW. */
    boolean active() {
        return active;
    }

    boolean isPrimary() {
        return s.primary(view) == s.self();
    }

    /** The view a restarted replica's journal left it in; called before anything else. */
    void restore(long journaledView, boolean journaledActive) {
        view = journaledView;
        active = journaledActive;
    }

    /** After a restart in the middle of a view change: this replica's VIEW-CHANGE again. */
    void resumeViewChange() {
        if (!active) {
            viewChangeDeadline = Long.MAX_VALUE;
            sendOwnViewChange();
        }
    }

    /**
     * One tick of the timers that end a view: the request timer, the pace timer of a backup and
     * the NEW-VIEW timer. A replica that knows it is {@code behind} the group cannot tell a slow
     * primary from its own lag, and runs neither of the first two.
     */
    void tick(boolean behind) {
        // The primary runs the request timer too: if its own requests cannot get ordered (its
        // backups sit in other views), it is the one that must move on.
        if (active && !behind && requestTimerExpired()) {
            stats.timeout("request");
            startViewChange(view + 1);
        } else if (active && !isPrimary() && !behind && requests.paceTimerExpired(core.lastExecuted())) {
            stats.timeout("pace");
            startViewChange(view + 1);
        } else if (!active && core.now() >= viewChangeDeadline) {
            stats.timeout("new-view");
            startViewChange(view + 1);
        }
    }

    private boolean requestTimerExpired() {
        long timeout = primarySuspected ? s.timeouts().statusTicks() : viewChanges.backoff(s.timeouts().requestTicks());
        return requests.requestTimerExpired(timeout);
    }

    /** See {@link ReplicaCore#reachable}. */
    void reachable(int replica, boolean connected) {
        if (replica == s.primary(view) && !isPrimary()) {
            primarySuspected = !connected;
        }
    }

    private void startViewChange(long newView) {
        if (newView <= view && !(newView == view && active)) {
            return;
        }
        view = newView;
        active = false;
        journal.append(new JournalEntry.ViewEntered(view, false));
        primarySuspected = false;
        intake.clearQueue();
        stats.viewChangesStarted++;
        viewChangeDeadline = Long.MAX_VALUE;
        out.viewChangeStarted(view);
        sendOwnViewChange();
    }

    private void sendOwnViewChange() {
        if (!fence.mayChangeView()) {
            return;
        }
        ViewChange vc = viewChanges.signOwn(viewChanges.build(view, log, checkpoints));
        armNewViewTimer();
        out.multicast(others, vc);
        tryNewView();
    }

    /**
     * The NEW-VIEW timer starts once a quorum of replicas has moved to this view (TOCS'02 section
     * 4.5.2), not when this replica moves: one that moved alone waits for the others instead of
     * running ahead of them view after view. A replica already in a later view counts as moved: if
     * it gave up on this view before the NEW-VIEW came, the others must be able to follow it.
     */
    private void armNewViewTimer() {
        if (!active && viewChangeDeadline == Long.MAX_VALUE && viewChanges.movedTo(view) >= s.quorum()) {
            viewChangeDeadline = core.now() + viewChanges.newViewWait(s.timeouts().viewChangeTicks());
        }
    }

    void onViewChange(int from, ViewChange vc) {
        if (vc.replica() != from) {
            stats.reject("view-change:wrong-sender");
            return;
        }
        if (vc.newView() < view || (vc.newView() == view && active)) {
            // The sender missed the NEW-VIEW of a view this replica is already in.
            recovery.resendNewView(from, vc.newView(), core.position());
            return;
        }
        String problem = viewChanges.offer(vc);
        if (problem != null) {
            stats.reject("view-change:" + problem);
            return;
        }
        long join = viewChanges.joinableAbove(view);
        if (join > view) {
            startViewChange(join);
        }
        armNewViewTimer();
        tryNewView();
    }

    /** The new primary, once its VIEW-CHANGEs settle every sequence number, sends NEW-VIEW. */
    void tryNewView() {
        if (active || s.primary(view) != s.self() || fence.fenced()) {
            return;
        }
        List<ViewChange> set = viewChanges.forView(view);
        if (set.size() < s.quorum()) {
            return;
        }
        NewViewRule.Decision d = NewViewRule.decide(set, s.f(), s.quorum(), s.windowSize());
        if (d == null) {
            return;
        }
        if (d.stableSeq() > log.low()) {
            core.adoptCheckpoint(d.stableSeq(), d.stableDigest());
        }
        List<PrePrepare> o = viewChanges.prePrepares(view, d, log, (seq, digest) -> {
            log.slot(seq, view);
            agreement.fetchBatch(seq, digest, ViewChanges.holders(set, seq, digest));
        });
        if (o == null) {
            return; // asked for the batches; BatchData brings us back here
        }
        NewView nv = new NewView(view, set, d.stableSeq(), d.stableDigest(), o, s.self());
        out.multicast(others, ViewChanges.withDigestsOnly(nv));
        installNewView(nv, d);
    }

    void onNewView(int from, NewView nv) {
        if (nv.view() < view || (nv.view() == view && active)) {
            return;
        }
        if (nv.replica() != from || from != s.primary(nv.view())) {
            stats.reject("new-view:not-from-primary");
            return;
        }
        String problem = viewChanges.newViewProblem(nv, rules, log);
        if (problem != null) {
            stats.reject("new-view:" + problem);
            return;
        }
        if (nv.view() > view) {
            view = nv.view();
            primarySuspected = false;
            intake.clearQueue();
        }
        installNewView(nv, NewViewRule.decide(nv.viewChanges(), s.f(), s.quorum(), s.windowSize()));
    }

    private void installNewView(NewView nv, NewViewRule.Decision d) {
        active = true;
        journal.append(new JournalEntry.ViewEntered(view, true));
        viewChanges.installed(ViewChanges.withDigestsOnly(nv)); // as re-sent to a replica that missed it
        stats.viewsInstalled++;
        if (d.stableSeq() > log.low()) {
            core.adoptCheckpoint(d.stableSeq(), d.stableDigest());
        }
        agreement.enterView(view, nv.prePrepares(), isPrimary(), (seq, digest) -> {
            Set<Integer> holders = ViewChanges.holders(nv.viewChanges(), seq, digest);
            holders.add(nv.replica()); // it had every batch to build O
            return holders;
        });
        long highest = Math.max(Math.max(d.maxSeq(), d.stableSeq()), core.lastExecuted());
        core.nextSeq(highest + 1);
        requests.proposedUpTo(highest);
        for (Request r : intake.restartAll(core.now())) {
            if (clients.isDone(r.client(), r.timestamp()) || log.isOrdered(RequestId.of(r))) {
                continue;
            }
            if (isPrimary()) {
                requests.admitIfEndorsed(RequestId.of(r));
            } else {
                out.send(s.primary(view), r); // requests the old primary held are not lost
            }
        }
        out.viewInstalled(view, s.primary(view));
        core.replayHeld();
    }
}
