package dev.pbft.replica.core;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Attach;
import dev.pbft.protocol.message.BatchData;
import dev.pbft.protocol.message.BatchFetch;
import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.DigestPrePrepare;
import dev.pbft.protocol.message.Endorsement;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.NewView;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.StateRequest;
import dev.pbft.protocol.message.StatusQuery;
import dev.pbft.protocol.message.StatusReport;
import dev.pbft.protocol.message.Status;
import dev.pbft.protocol.message.ViewChange;
import dev.pbft.replica.service.Service;
import java.util.List;

/**
 * The PBFT state machine of one replica (Castro and Liskov, OSDI'99 and TOCS 2002): normal case,
 * checkpoints, view change, message recovery through status messages, and state transfer. A plain
 * object with no threads, sockets or clocks. Inputs are {@link #step} with an authenticated message
 * and {@link #tick} for logical time; outputs go to the {@link Outbox} synchronously. Given the same
 * inputs in the same order it makes the same outputs, which is what lets the simulator replay a
 * failure from its seed.
 *
 * <p>This class is the router: it settles the view first (stale messages dropped, early ones held,
 * only view-change, checkpoint, status and state messages while the view changes), then dispatches
 * each message type to its handler. Early and stale messages are sorted out by {@link EarlyMessages},
 * client requests and endorsements go to {@link RequestPath}, the view and its changes live in
 * {@link ViewChangePath}, checkpoints and state transfer in {@link CheckpointPath}, PRE-PREPAREs
 * that name requests by digest are made whole by {@link SeparateRequests}, read-only requests are
 * answered by {@link ReadPath}; agreement, execution and message recovery are handled here with the
 * parts they share. Not thread-safe: a runtime owns it on one thread. Messages that break a rule are dropped and counted in {@link #stats()} under
 * "type:reason"; none throws.
 */
public final class ReplicaCore {
    private final CoreSettings s;
    private final Outbox out;
    private final StatusDesk statusDesk;
    private final int[] others;
    private final CoreStats stats = new CoreStats();
    private final MessageLog log;
    private final ClientTable clients;
    private final Checkpoints checkpoints = new Checkpoints();
    private final RequestIntake intake;
    private final SeparateRequests separate;
    private final RequestPath requests;
    private final ViewChangePath views;
    private final Endorsements endorsements;
    private final EarlyMessages early;
    private final Execution execution;
    private final ViewChanges viewChanges;
    private final StateTransfer stateTransfer;
    private final StateServer stateServer;
    private final ReplicatedState state;
    private final CheckpointImages images;
    private final Journal journal;
    private final ReplayGate gate;
    private final AmnesiaFence fence;
    private final BatchRules rules;
    private final Agreement agreement;
    private final Recovery recovery;
    private final CheckpointPath checkpointing;
    private final ReadPath reads;

    private long lastExecuted;
    private long lastExecutionTick;
    private long nextSeq = 1;
    private long now;
    private boolean replayHeld;

    /**
     * A replica in view 0 with nothing executed.
     *
     * @param service  the replicated service; the core calls it on its own thread only
     * @param verifier checks the client authenticator of every request, wherever it comes from
     * @param signer   signs this replica's VIEW-CHANGEs and checks the other replicas'
     * @param outbox   where effects go, synchronously, while a call runs
     */
    public ReplicaCore(CoreSettings settings, Service service, RequestVerifier verifier, CertificateSigner signer,
                       Outbox outbox) {
        this(settings, service, verifier, signer, outbox, new MemoryCheckpointImages(), Journal.NONE);
    }

    /**
     * A replica that keeps its checkpoint images in {@code images} and journals its promises to
     * {@code journal}. It starts in view 0 with nothing executed; {@link #recover} brings back what
     * the images and the journal hold from an earlier run.
     */
    public ReplicaCore(CoreSettings settings, Service service, RequestVerifier verifier, CertificateSigner signer,
                       Outbox outbox, CheckpointImages images, Journal journal) {
        this.gate = new ReplayGate(outbox, journal);
        this.fence = new AmnesiaFence(settings.quorum(), settings.windowSize() + settings.checkpointInterval());
        this.journal = gate;
        this.s = settings;
        this.out = gate;
        this.others = new int[settings.n() - 1];
        for (int r = 0, i = 0; r < settings.n(); r++) {
            if (r != settings.self()) {
                others[i++] = r;
            }
        }
        this.log = new MessageLog(settings.windowSize());
        this.clients = new ClientTable(settings.clientWindow());
        this.intake = new RequestIntake(settings.clientWindow());
        this.separate = new SeparateRequests(settings, intake, out, stats, log);
        // Without endorsements a replica's own check is all it takes: it is the one vote counted.
        this.endorsements = new Endorsements(settings.n(), settings.endorse() ? settings.f() + 1 : 1,
                settings.clientWindow(), id -> clients.isDone(id.client(), id.timestamp()));
        this.execution = new Execution(settings, service, clients, out, stats);
        this.viewChanges = new ViewChanges(settings, signer);
        this.state = new ReplicatedState(service, clients);
        this.images = images;
        this.stateTransfer = new StateTransfer(settings, out, stats, state);
        this.stateServer = new StateServer(settings, out, stats, images);
        this.rules = new BatchRules(settings, verifier, log, intake::checkedExactly,
                r -> settings.endorse() && endorsements.endorsed(RequestId.of(r), r.digest()));
        Parts parts = new Parts();
        this.requests = new RequestPath(settings, gate, stats, parts, log, clients, intake, endorsements, rules, others);
        this.agreement = new Agreement(settings, log, out, stats, rules, others, journal, seq -> fence.mayVote(seq),
                separate::forBackups);
        this.recovery = new Recovery(settings, out, log, checkpoints, viewChanges, others);
        this.views = new ViewChangePath(settings, gate, stats, parts, gate, log, checkpoints, viewChanges, fence, rules,
                agreement, intake, clients, requests, recovery, others);
        this.early = new EarlyMessages(settings, stats, log, views);
        this.reads = new ReadPath(settings, out, stats, rules, service, requests::spend);
        this.checkpointing = new CheckpointPath(settings, out, stats, parts, log, checkpoints, images, stateServer, state,
                stateTransfer, fence, journal, intake, clients, endorsements, recovery, others);
        this.statusDesk = new StatusDesk(settings, out, stats, parts, log, checkpoints);
    }

    /** What the core's parts read of where it stands, and ask of it. */
    private final class Parts implements RequestPath.Standing, ViewChangePath.Core, StatusDesk.Standing,
            CheckpointPath.Core {
        @Override
        public long now() {
            return now;
        }

        @Override
        public long view() {
            return views.view();
        }

        @Override
        public boolean active() {
            return views.active();
        }

        @Override
        public long lastExecuted() {
            return lastExecuted;
        }

        @Override
        public void nextSeq(long seq) {
            nextSeq = seq;
        }

        @Override
        public void adoptCheckpoint(long seq, Bytes digest) {
            checkpointing.adopt(seq, digest);
        }

        @Override
        public long lastExecutionTick() {
            return lastExecutionTick;
        }

        @Override
        public void installed(long seq) {
            lastExecuted = seq;
            nextSeq = Math.max(nextSeq, lastExecuted + 1);
            lastExecutionTick = now;
        }

        @Override
        public void executeReady() {
            ReplicaCore.this.executeReady();
        }

        @Override
        public void replayHeld() {
            replayHeld = true;
        }

        @Override
        public Recovery.Position position() {
            return ReplicaCore.this.position();
        }
    }

    /**
     * Brings back what an earlier run of this replica left behind: the state of the latest
     * checkpoint image, then the journal's promises (pre-prepares accepted, batches prepared), its
     * view, its stable checkpoint, and every batch it executed after the image, re-executed without
     * sending anything. Call once, right after construction, before any step or tick.
     *
     * @param entries the journal, in the order it was written
     * @throws IllegalStateException if the image cannot be loaded (damaged beyond what its checksums
     *                               caught); the caller starts afresh and fetches state from peers
     */
    public void recover(List<JournalEntry> entries) {
        long imaged = images.latest();
        if (imaged > 0) {
            loadImage(imaged);
        }
        long maxView = 0;
        boolean activeAtMax = true;
        JournalEntry.Stable stable = null;
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.Stable st && st.seq() > log.low()) {
                // Possibly above the image: it was adopted from 2f+1 CHECKPOINTs while the state
                // was still being fetched; the fetch starts again below.
                checkpoints.markStable(st.seq(), st.digest());
                log.advanceTo(st.seq());
                stable = st;
            } else if (e instanceof JournalEntry.ViewEntered v && v.view() >= maxView) {
                maxView = v.view();
                activeAtMax = v.active();
            }
        }
        views.restore(maxView, activeAtMax);
        nextSeq = Math.max(nextSeq, lastExecuted + 1);
        for (JournalEntry e : entries) {
            if (log.inWindow(e.seq())) {
                nextSeq = Math.max(nextSeq, JournalReplay.restore(log, e, views.view(), s.self(), isPrimary(), lastExecuted));
            }
        }
        log.markExecutedUpTo(lastExecuted);
        gate.close();
        try {
            executeReady();
        } finally {
            gate.open();
        }
        nextSeq = Math.max(nextSeq, lastExecuted + 1);
        lastExecutionTick = now;
        if (stable != null && lastExecuted < stable.seq()) {
            stateTransfer.want(stable.seq(), stable.digest(), now);
        }
        views.resumeViewChange();
        // The group has most likely moved on meanwhile: learn where it stands (its checkpoints,
        // its view, what it ordered) now rather than after an idle replica's status period.
        recovery.send(position());
    }

    private void loadImage(long imaged) {
        state.load(images, imaged);
        stateServer.recordTree(imaged, state.tree().copy());
        checkpoints.recordOwn(new Checkpoint(imaged, state.tree().root(), s.self()));
        lastExecuted = imaged;
    }

    /**
     * Starts a replica that has lost its disk (journal and images) but may have taken part before:
     * it fetches the state and executes, but sends no PREPARE, COMMIT, PRE-PREPARE or VIEW-CHANGE
     * for anything it might have promised in its earlier life ({@link AmnesiaFence}). Call once,
     * right after construction, instead of {@link #recover}.
     */
    public void recoverWithoutDisk() {
        fence.raise();
    }

    /** Whether this replica is still fenced after losing its disk. */
    public boolean fenced() {
        return fence.fenced();
    }

    /** While fenced: the highest sequence number it may not vote on (MAX_VALUE while unknown). */
    public long voteFence() {
        return fence.fence();
    }

    /** Handles one message whose sender {@code from} the transport has authenticated. */
    public void step(int from, Message message) {
        dispatch(from, message);
        // Messages held for a later window or view are looked at again once it has come; done
        // here, after the step, so no handler ever runs inside another.
        while (replayHeld) {
            replayHeld = false;
            for (FutureMessages.Entry e : early.drain()) {
                dispatch(e.from(), e.message());
            }
        }
    }

    private void dispatch(int from, Message message) {
        if (message instanceof Request r) {
            if (r.readOnly()) {
                reads.onRead(from, r, views.view(), lastExecuted, log.highestPrepared(), stateTransfer.active());
            } else {
                requests.onRequest(from, r);
                PrePrepare whole = views.active() ? separate.completedByBody(r, views.view()) : null;
                if (whole != null) {
                    onPrePrepare(s.primary(views.view()), whole);
                }
            }
            return;
        }
        if (message instanceof StatusQuery q) {
            statusDesk.onQuery(from, q);
            return;
        }
        if (message instanceof Reply || message instanceof StatusReport || message instanceof Attach) {
            // What replicas send clients, or what the transport takes for itself.
            stats.reject(EarlyMessages.typeName(message) + ":not-for-replicas");
            return;
        }
        if (!isReplica(from)) {
            stats.reject(EarlyMessages.typeName(message) + ":not-from-a-replica");
            return;
        }
        if (message instanceof PrePrepare p) {
            if (early.admitted(from, p, p.view())) {
                onPrePrepare(from, p);
            }
        } else if (message instanceof DigestPrePrepare d) {
            if (early.admitted(from, d, d.view())) {
                onDigestPrePrepare(from, d);
            }
        } else if (message instanceof Prepare p) {
            if (early.admitted(from, p, p.view())) {
                onPrepare(from, p);
            }
        } else if (message instanceof Commit c) {
            if (early.admitted(from, c, c.view())) {
                onCommit(from, c);
            }
        } else if (message instanceof Checkpoint c) {
            checkpointing.onCheckpoint(from, c);
        } else if (message instanceof ViewChange vc) {
            views.onViewChange(from, vc);
        } else if (message instanceof NewView nv) {
            views.onNewView(from, nv);
        } else if (message instanceof Status st) {
            fence.report(from, st.lastExecuted());
            recovery.onStatus(from, st, position());
        } else if (message instanceof BatchFetch bf) {
            agreement.onBatchFetch(from, bf);
        } else if (message instanceof BatchData bd) {
            onBatchData(bd);
        } else if (message instanceof StateRequest sr) {
            stateServer.serve(from, sr);
        } else if (message instanceof StateChunk sc) {
            checkpointing.onStateChunk(from, sc);
        } else if (message instanceof Endorsement e) {
            if (requests.onEndorsement(from, e) && views.active() && !isPrimary()) {
                executeIf(agreement.retryUnchecked(views.view())); // a held PRE-PREPARE may be vouched for now
            }
        } else {
            stats.reject(EarlyMessages.typeName(message) + ":unsupported");
        }
    }

    /** Advances logical time by one tick: timers, status, and the primary's batching. */
    public void tick() {
        now++;
        views.tick(checkpointing.behind());
        checkpointing.adoptStableAheadIfStuck();
        stateTransfer.tick(now, 4 * s.timeouts().statusTicks());
        maybeSendStatus();
        // Behind the group, or between views, every request looks forgotten: passing each on would
        // only load the replicas that are busy ordering.
        if (now % s.timeouts().statusTicks() == 0 && views.active() && !checkpointing.behind()) {
            requests.passOnForgotten();
        }
        if (now % s.timeouts().statusTicks() == 0 && views.active()) {
            separate.retry(views.view(), log.low()).forEach(pp -> onPrePrepare(s.primary(views.view()), pp));
        }
        flush();
    }

    /**
     * Whether the runtime has a connection to {@code replica} right now; runtimes report it every
     * tick. While the primary is unreachable, a backup with requests waiting moves to the next view
     * after a short grace period instead of the whole request timeout, so a crashed primary is
     * replaced in well under a second. Only a hint: a primary that is in fact fine loses nothing
     * but its turn, and one backup's lost link deposes nobody (a NEW-VIEW needs 2f+1 VIEW-CHANGEs).
     */
    public void reachable(int replica, boolean connected) {
        views.reachable(replica, connected);
    }

    /** How many other replicas the runtime has a connection to now; status reports say it. */
    public void peersConnected(int peers) {
        statusDesk.peersConnected(peers);
    }

    /**
     * Ends a burst of input. The primary assigns sequence numbers to the requests that arrived
     * during the burst, as far as the pipeline and the window have room: requests that arrive
     * together leave together, in one batch, and a lone request leaves at once. Runtimes call this
     * after draining what arrived; it is cheap when there is nothing to do.
     */
    public void flush() {
        propose();
        requests.sendEndorsements();
        out.burstEnded();
    }

    /**
     * The primary assigns sequence numbers while the pipeline has room: a request arriving at an
     * idle primary leaves at the end of its burst in a batch of one; requests arriving while the
     * pipeline is full wait and leave together, so batches grow with load.
     */
    private void propose() {
        while (views.active() && isPrimary() && fence.mayVote(nextSeq) && !intake.queueEmpty() && nextSeq - lastExecuted <= s.pipelineBatchesMax()
                && nextSeq <= log.high() && !stateTransfer.active()) {
            List<Request> batch = requests.cutBatch();
            if (batch.isEmpty()) {
                return;
            }
            PrePrepare pp = new PrePrepare(views.view(), nextSeq++, BatchDigest.of(batch), batch);
            executeIf(agreement.propose(views.view(), pp));
        }
    }

    // ---- agreement (sections 4.2 and 4.3): the router's part ----

    private void onPrePrepare(int from, PrePrepare pp) {
        if (from != s.primary(views.view()) || isPrimary()) {
            stats.reject("pre-prepare:not-from-primary-of-view");
            return;
        }
        if (!early.inWindowOrHeld(from, pp, pp.seq(), "pre-prepare")) {
            return;
        }
        Slot slot = agreement.onPrePrepare(views.view(), requests.interned(pp));
        if (slot == null) {
            return;
        }
        requests.ordered(pp);
        agreement.sendPrepare(views.view(), slot);
        executeIf(agreement.checkPrepared(views.view(), slot));
    }

    /** A PRE-PREPARE with requests by digest: handled whole once rebuilt, else its batch is fetched. */
    private void onDigestPrePrepare(int from, DigestPrePrepare d) {
        if (from != s.primary(views.view()) || isPrimary()) {
            stats.reject("digest-pre-prepare:not-from-primary-of-view");
        } else if (early.inWindowOrHeld(from, d, d.seq(), "digest-pre-prepare")) {
            PrePrepare whole = separate.rebuild(d);
            if (whole != null) {
                onPrePrepare(from, whole);
            } else {
                separate.await(d, log.low());
            }
        }
    }

    private void onPrepare(int from, Prepare p) {
        if (p.replica() != from || from == s.primary(views.view())) {
            stats.reject("prepare:wrong-sender");
        } else if (early.inWindowOrHeld(from, p, p.seq(), "prepare")) {
            executeIf(agreement.onPrepare(views.view(), p));
        }
    }

    private void onCommit(int from, Commit c) {
        if (c.replica() != from) {
            stats.reject("commit:wrong-sender");
        } else if (early.inWindowOrHeld(from, c, c.seq(), "commit")) {
            executeIf(agreement.onCommit(views.view(), c));
        }
    }

    private void onBatchData(BatchData bd) {
        PrePrepare whole = separate.completedBy(bd, views.view());
        if (whole != null) {
            onPrePrepare(s.primary(views.view()), whole);
        }
        executeIf(agreement.onBatchData(views.view(), bd));
        views.tryNewView();
    }

    private void executeIf(boolean decided) {
        if (decided) {
            executeReady();
        }
    }

    private void executeReady() {
        Slot next;
        while (!stateTransfer.active() && (next = log.existing(lastExecuted + 1)) != null && next.decided()) {
            lastExecuted++;
            next.executed = true;
            lastExecutionTick = now;
            journal.append(new JournalEntry.Executed(next.seq, next.decidedDigest,
                    next.journaled.contains(next.decidedDigest) ? null : next.decidedBatch));
            execution.execute(next.seq, next.decidedDigest, next.decidedBatch, views.view());
            boolean progress = false;
            for (Request r : next.decidedBatch) {
                progress |= intake.executed(r);
                endorsements.forget(RequestId.of(r));
            }
            if (progress) {
                viewChanges.progressed();
            }
            if (lastExecuted % s.checkpointInterval() == 0) {
                checkpointing.take(lastExecuted);
            }
        }
        stateTransfer.caughtUp(lastExecuted);
        reads.executed(views.view(), lastExecuted, stateTransfer.active());
        // A primary that executes batches others ordered (it caught up after a restart or a cut)
        // must not hand out their sequence numbers again.
        nextSeq = Math.max(nextSeq, lastExecuted + 1);
    }

    // ---- message recovery (TOCS 2002, section 5.2) ----

    private void maybeSendStatus() {
        if (!recovery.due(now, lastExecutionTick, this::waiting)) {
            return;
        }
        for (Slot slot : log.slots()) {
            agreement.refetchAwaited(slot);
            executeIf(agreement.checkCommitted(slot)); // re-asks for batches whose fetch was lost
        }
        views.tryNewView();
        recovery.send(position());
    }

    /** Whether this replica waits for something a lost message could be holding up. */
    private boolean waiting() {
        return !views.active() || !intake.isEmpty() || log.highestSlot() > lastExecuted || stateTransfer.active()
                || !checkpoints.ownAbove(log.low(), s.self()).isEmpty();
    }

    /** While fetching, where this replica stands is the state it is fetching: it needs what follows. */
    private Recovery.Position position() {
        return new Recovery.Position(views.view(), views.active(), Math.max(lastExecuted, stateTransfer.target()), now);
    }

    // ---- helpers ----

    private boolean isPrimary() {
        return s.primary(views.view()) == s.self();
    }

    private boolean isReplica(int principal) {
        return principal >= 0 && principal < s.n();
    }

    /**
     * Checks the core's invariants; tests and the simulator call it after every step.
     *
     * @throws IllegalStateException naming the first invariant that does not hold
     */
    public void checkInvariants() {
        if (lastExecuted < log.low() && !stateTransfer.active()) {
            throw new IllegalStateException("executed " + lastExecuted + " below h=" + log.low() + " without a state fetch");
        }
        if (lastExecuted > log.high()) {
            throw new IllegalStateException("executed " + lastExecuted + " beyond the window's top " + log.high());
        }
        if (views.active() && isPrimary() && nextSeq <= lastExecuted) {
            throw new IllegalStateException("primary's next sequence number " + nextSeq + " is already executed");
        }
        log.checkSlots(lastExecuted, views.view());
    }

    // ---- observation ----

    public long view() {
        return views.view();
    }

    /** Whether the replica works in {@link #view()}, rather than waiting for its NEW-VIEW. */
    public boolean viewActive() {
        return views.active();
    }

    public int primary() {
        return s.primary(views.view());
    }

    /** h: the last stable checkpoint. */
    public long lowWaterMark() {
        return log.low();
    }

    public long lastExecuted() {
        return lastExecuted;
    }

    /** Requests the primary holds that are not yet in a batch. */
    public int pendingRequests() {
        return intake.queued();
    }

    public long ticks() {
        return now;
    }

    public CoreStats stats() {
        return stats;
    }

    /** The digest of the service state and client table as of the last execution. */
    public Bytes stateDigest() {
        return state.refresh();
    }
}
