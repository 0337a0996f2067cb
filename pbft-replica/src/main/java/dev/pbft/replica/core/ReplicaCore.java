package dev.pbft.replica.core;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.BatchData;
import dev.pbft.protocol.message.BatchFetch;
import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.NewView;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.StateRequest;
import dev.pbft.protocol.message.Status;
import dev.pbft.protocol.message.ViewChange;
import dev.pbft.replica.service.Service;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

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
 * each message type to its handler. Not thread-safe: a runtime owns it on one thread. Messages that
 * break a rule are dropped and counted in {@link #stats()} under "type:reason"; none throws.
 */
public final class ReplicaCore {
    /** An idle replica sends a status every this many status periods. */
    private static final int IDLE_STATUS_PERIODS = 10;

    private final CoreSettings s;
    private final Service service;
    private final RequestVerifier verifier;
    private final Outbox out;
    private final int[] others;
    private final CoreStats stats = new CoreStats();
    private final MessageLog log;
    private final ClientTable clients;
    private final Checkpoints checkpoints = new Checkpoints();
    private final RequestIntake intake;
    private final FutureMessages future;
    private final Execution execution;
    private final ViewChanges viewChanges;
    private final StateTransfer stateTransfer;
    private final long[] statusAnsweredAt;

    private long view;
    private boolean active = true;
    private long viewChangeDeadline;
    private long lastExecuted;
    private long lastExecutionTick;
    private long nextSeq = 1;
    private long now;
    private long lastStatusTick;
    private long stableAheadSeq = -1;
    private Bytes stableAheadDigest;
    private boolean replayHeld;
    private boolean primarySuspected;

    public ReplicaCore(CoreSettings settings, Service service, RequestVerifier verifier, CertificateSigner signer,
                       Outbox outbox) {
        this.s = settings;
        this.service = service;
        this.verifier = verifier;
        this.out = outbox;
        this.others = new int[settings.n() - 1];
        for (int r = 0, i = 0; r < settings.n(); r++) {
            if (r != settings.self()) {
                others[i++] = r;
            }
        }
        this.log = new MessageLog(settings.windowSize());
        this.clients = new ClientTable(settings.clientWindow());
        this.intake = new RequestIntake(settings.clientWindow());
        this.future = new FutureMessages(settings.n(), 4 * settings.pipelineBatchesMax() + 8);
        this.execution = new Execution(settings, service, clients, outbox, stats);
        this.viewChanges = new ViewChanges(settings, signer);
        this.stateTransfer = new StateTransfer(settings, outbox, stats);
        this.statusAnsweredAt = new long[settings.n()];
        java.util.Arrays.fill(statusAnsweredAt, Long.MIN_VALUE / 2);
    }

    /** Handles one message whose sender {@code from} the transport has authenticated. */
    public void step(int from, Message message) {
        dispatch(from, message);
        // Messages held for a later window or view are looked at again once it has come; done
        // here, after the step, so no handler ever runs inside another.
        while (replayHeld) {
            replayHeld = false;
            for (FutureMessages.Entry e : future.drain()) {
                dispatch(e.from(), e.message());
            }
        }
    }

    private void dispatch(int from, Message message) {
        if (message instanceof Request r) {
            onRequest(from, r);
            return;
        }
        if (message instanceof Reply) {
            stats.reject("reply:not-for-replicas");
            return;
        }
        if (!isReplica(from)) {
            stats.reject(typeName(message) + ":not-from-a-replica");
            return;
        }
        if (message instanceof PrePrepare p) {
            if (admitted(from, p, p.view())) {
                onPrePrepare(from, p);
            }
        } else if (message instanceof Prepare p) {
            if (admitted(from, p, p.view())) {
                onPrepare(from, p);
            }
        } else if (message instanceof Commit c) {
            if (admitted(from, c, c.view())) {
                onCommit(from, c);
            }
        } else if (message instanceof Checkpoint c) {
            onCheckpoint(from, c);
        } else if (message instanceof ViewChange vc) {
            onViewChange(from, vc);
        } else if (message instanceof NewView nv) {
            onNewView(from, nv);
        } else if (message instanceof Status st) {
            onStatus(from, st);
        } else if (message instanceof BatchFetch bf) {
            onBatchFetch(from, bf);
        } else if (message instanceof BatchData bd) {
            onBatchData(from, bd);
        } else if (message instanceof StateRequest sr) {
            onStateRequest(from, sr);
        } else if (message instanceof StateChunk sc) {
            onStateChunk(from, sc);
        } else {
            stats.reject(typeName(message) + ":unsupported");
        }
    }

    /**
     * The view gate for agreement messages: those of an earlier view are dropped; those of the view
     * this replica is changing to, or of the next, are held until it gets there.
     */
    private boolean admitted(int from, Message m, long messageView) {
        if (messageView == view && active) {
            return true;
        }
        if (messageView < view) {
            stats.reject(typeName(m) + ":stale-view");
        } else if (messageView > view + 1 || !future.offer(from, m)) {
            stats.reject(typeName(m) + ":future-view");
        }
        return false;
    }

    /** Advances logical time by one tick: timers, status, and the primary's batching. */
    public void tick() {
        now++;
        if (active && !isPrimary() && requestTimerExpired()) {
            stats.reject("timer:request-timeout");
            startViewChange(view + 1);
        } else if (!active && now >= viewChangeDeadline) {
            stats.reject("timer:view-change-timeout");
            startViewChange(view + 1);
        }
        adoptStableAheadIfStuck();
        stateTransfer.tick(now, 4 * s.timeouts().statusTicks());
        maybeSendStatus();
        propose();
    }

    /**
     * Whether the runtime has a connection to {@code replica} right now; runtimes report it every
     * tick. While the primary is unreachable, a backup with requests waiting moves to the next view
     * after a short grace period instead of the whole request timeout, so a crashed primary is
     * replaced in well under a second. Only a hint: a primary that is in fact fine loses nothing
     * but its turn, and one backup's lost link deposes nobody (a NEW-VIEW needs 2f+1 VIEW-CHANGEs).
     */
    public void reachable(int replica, boolean connected) {
        if (replica == s.primary(view) && !isPrimary()) {
            primarySuspected = !connected;
        }
    }

    /**
     * Ends a burst of input. The primary assigns sequence numbers to the requests that arrived
     * during the burst, as far as the pipeline and the window have room: requests that arrive
     * together leave together, in one batch, and a lone request leaves at once. Runtimes call this
     * after draining what arrived; it is cheap when there is nothing to do.
     */
    public void flush() {
        propose();
    }

    // ---- requests (sections 4.1 and 4.4 of the paper; exactly-once per client timestamp) ----

    private void onRequest(int from, Request r) {
        if (!s.isClient(r.client()) || (from != r.client() && !isReplica(from))) {
            stats.reject("request:wrong-sender");
            return;
        }
        if (r.readOnly()) {
            stats.reject("request:read-only-unsupported");
            return;
        }
        if (!verifier.verify(r)) {
            stats.reject("request:bad-client-auth");
            return;
        }
        Bytes cached = clients.cachedResult(r.client(), r.timestamp());
        if (cached != null) {
            // A retransmission: the client lost our reply, or has not heard f+1 yet.
            out.send(r.client(), new Reply(view, r.timestamp(), r.client(), s.self(), cached));
            return;
        }
        RequestId id = RequestId.of(r);
        if (clients.isDone(r.client(), r.timestamp()) || log.isOrdered(id)) {
            return;
        }
        if (!intake.know(r, now)) {
            stats.reject("request:client-over-window");
            return;
        }
        if (!active) {
            return; // kept as known; it goes to the new primary once the view is installed
        }
        if (isPrimary()) {
            intake.enqueue(r);
        } else if (from == r.client()) {
            // The client could not get it ordered through the primary: relay it (section 4.4).
            out.send(s.primary(view), r);
        }
    }

    private boolean requestTimerExpired() {
        long timeout = primarySuspected ? s.timeouts().statusTicks() : viewChanges.backoff(s.timeouts().requestTicks());
        long since = intake.oldestSince();
        if (since < 0 || now - since < timeout) {
            return false;
        }
        // Requests that completed another way (state transfer, or too old to run) hold no timer.
        intake.purge(r -> clients.isDone(r.client(), r.timestamp()));
        since = intake.oldestSince();
        return since >= 0 && now - since >= timeout;
    }

    /**
     * The primary assigns sequence numbers while the pipeline has room: a request arriving at an
     * idle primary leaves at the end of its burst in a batch of one; requests arriving while the
     * pipeline is full wait and leave together, so batches grow with load.
     */
    private void propose() {
        while (active && isPrimary() && !intake.queueEmpty() && nextSeq - lastExecuted <= s.pipelineBatchesMax()
                && nextSeq <= log.high() && !stateTransfer.active()) {
            List<Request> batch = cutBatch();
            if (batch.isEmpty()) {
                return;
            }
            PrePrepare pp = new PrePrepare(view, nextSeq++, BatchDigest.of(batch), batch);
            Slot slot = log.slot(pp.seq(), view);
            slot.enterView(view);
            slot.accept(pp);
            log.noteOrdered(slot);
            out.multicast(others, pp);
            checkPrepared(slot);
        }
    }

    private List<Request> cutBatch() {
        List<Request> batch = new ArrayList<>();
        int bytes = 0;
        Iterator<Request> it = intake.queueIterator();
        while (it.hasNext() && batch.size() < s.batchRequestsMax()) {
            Request r = it.next();
            if (clients.isDone(r.client(), r.timestamp()) || log.isOrdered(RequestId.of(r))) {
                it.remove();
                continue;
            }
            int size = r.operation().length();
            if (!batch.isEmpty() && bytes + size > s.batchBytesMax()) {
                break;
            }
            batch.add(r);
            bytes += size;
            it.remove();
        }
        return batch;
    }

    // ---- agreement (sections 4.2 and 4.3) ----

    private void onPrePrepare(int from, PrePrepare pp) {
        if (from != s.primary(view) || isPrimary()) {
            stats.reject("pre-prepare:not-from-primary-of-view");
            return;
        }
        if (!log.inWindow(pp.seq())) {
            deferOrReject(from, pp, pp.seq(), "pre-prepare");
            return;
        }
        Slot slot = log.slot(pp.seq(), view);
        slot.enterView(view);
        if (slot.prePrepare != null) {
            if (!slot.prePrepare.digest().equals(pp.digest())) {
                stats.reject("pre-prepare:conflicting-digest");
            }
            return;
        }
        String problem = batchProblem(pp.seq(), pp.digest(), pp.batch(), true);
        if (problem == null && slot.decided() && !slot.decidedDigest.equals(pp.digest())) {
            problem = "contradicts-committed";
        }
        if (problem != null) {
            stats.reject("pre-prepare:" + problem);
            return;
        }
        slot.accept(pp);
        log.noteOrdered(slot);
        for (Request r : pp.batch()) {
            intake.know(r, now);
        }
        sendPrepare(slot);
        checkPrepared(slot);
    }

    /**
     * Why a batch for {@code seq} may not be ordered, or null: bounds, digest, each request's
     * client authenticator, and (if {@code fresh}) no request already given another sequence number
     * in this view.
     */
    private String batchProblem(long seq, Bytes digest, List<Request> batch, boolean fresh) {
        if (batch.size() > s.batchRequestsMax()) {
            return "batch-too-many-requests";
        }
        long bytes = 0;
        for (Request r : batch) {
            bytes += r.operation().length();
        }
        if (bytes > s.batchBytesMax() && batch.size() > 1) {
            return "batch-too-large";
        }
        if (!BatchDigest.of(batch).equals(digest)) {
            return "bad-digest";
        }
        Set<RequestId> ids = new HashSet<>();
        for (Request r : batch) {
            if (!s.isClient(r.client()) || r.readOnly() || !verifier.verify(r)) {
                return "bad-request";
            }
            if (!ids.add(RequestId.of(r))) {
                return "request-twice-in-batch";
            }
            Long at = log.orderedAt(r);
            if (fresh && at != null && at != seq) {
                return "request-ordered-twice";
            }
        }
        return null;
    }

    private void sendPrepare(Slot slot) {
        slot.sentPrepare = true;
        slot.prepares.put(s.self(), slot.digest());
        out.multicast(others, new Prepare(view, slot.seq, slot.digest(), s.self()));
    }

    private void onPrepare(int from, Prepare p) {
        if (p.replica() != from || from == s.primary(view)) {
            stats.reject("prepare:wrong-sender");
            return;
        }
        if (!log.inWindow(p.seq())) {
            deferOrReject(from, p, p.seq(), "prepare");
            return;
        }
        Slot slot = log.slot(p.seq(), view);
        slot.enterView(view);
        slot.prepares.putIfAbsent(from, p.digest());
        checkPrepared(slot);
    }

    private void onCommit(int from, Commit c) {
        if (c.replica() != from) {
            stats.reject("commit:wrong-sender");
            return;
        }
        if (!log.inWindow(c.seq())) {
            deferOrReject(from, c, c.seq(), "commit");
            return;
        }
        Slot slot = log.slot(c.seq(), view);
        slot.enterView(view);
        slot.commits.putIfAbsent(from, c.digest());
        checkCommitted(slot);
    }

    /** prepared: the pre-prepare plus 2f matching PREPAREs from distinct backups. */
    private void checkPrepared(Slot slot) {
        if (slot.prepared || slot.prePrepare == null
                || Slot.matching(slot.prepares, slot.digest(), s.primary(view)) < 2 * s.f()) {
            return;
        }
        slot.markPrepared();
        slot.commits.put(s.self(), slot.digest());
        out.multicast(others, new Commit(view, slot.seq, slot.digest(), s.self()));
        checkCommitted(slot);
    }

    /**
     * committed: 2f+1 matching COMMITs. With its own prepared certificate that is committed-local;
     * without one (its PRE-PREPARE was lost) the COMMITs alone still prove that f+1 correct replicas
     * prepared the digest, so it is final: the replica fetches the batch and executes it.
     */
    private void checkCommitted(Slot slot) {
        if (slot.decided()) {
            return;
        }
        Bytes digest = Slot.quorumDigest(slot.commits, s.quorum());
        if (digest == null) {
            return;
        }
        List<Request> batch = slot.batch(digest);
        if (batch == null) {
            fetchBatch(slot.seq, digest, slot.commits.keySet());
            return;
        }
        slot.decide(digest, batch);
        executeReady();
    }

    private void fetchBatch(long seq, Bytes digest, Set<Integer> holders) {
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

    private void onBatchFetch(int from, BatchFetch bf) {
        Slot slot = log.existing(bf.seq());
        List<Request> batch = slot == null ? null : slot.batch(bf.digest());
        if (batch == null || bf.replica() != from) {
            stats.reject("batch-fetch:not-held");
            return;
        }
        out.send(from, new BatchData(bf.seq(), bf.digest(), batch, s.self()));
    }

    private void onBatchData(int from, BatchData bd) {
        Slot slot = log.existing(bd.seq());
        if (slot == null || !bd.digest().equals(slot.fetching) || slot.batch(bd.digest()) != null) {
            return; // only batches this replica asked for, so a peer cannot fill its memory
        }
        String problem = batchProblem(bd.seq(), bd.digest(), bd.batch(), false);
        if (problem != null) {
            stats.reject("batch-data:" + problem);
            return;
        }
        slot.batches.put(bd.digest(), bd.batch());
        checkCommitted(slot);
        tryNewView();
    }

    private void executeReady() {
        Slot next;
        while (!stateTransfer.active() && (next = log.existing(lastExecuted + 1)) != null && next.decided()) {
            lastExecuted++;
            next.executed = true;
            lastExecutionTick = now;
            execution.execute(next.seq, next.decidedDigest, next.decidedBatch, view);
            boolean progress = false;
            for (Request r : next.decidedBatch) {
                progress |= intake.isKnown(RequestId.of(r));
                intake.executed(r);
            }
            if (progress) {
                viewChanges.progressed();
            }
            if (lastExecuted % s.checkpointInterval() == 0) {
                takeCheckpoint();
            }
        }
        stateTransfer.caughtUp(lastExecuted);
    }

    // ---- checkpoints, garbage collection and state transfer (section 4.3) ----

    private void takeCheckpoint() {
        byte[] state = execution.state();
        Checkpoint own = new Checkpoint(lastExecuted, Execution.digest(state), s.self());
        checkpoints.recordOwn(own, state);
        out.checkpointTaken(own.seq(), own.stateDigest());
        out.multicast(others, own);
        checkStable(own.seq());
    }

    private void onCheckpoint(int from, Checkpoint c) {
        if (c.replica() != from || c.seq() % s.checkpointInterval() != 0 || c.seq() == 0) {
            stats.reject("checkpoint:malformed");
            return;
        }
        if (c.seq() <= log.low()) {
            return;
        }
        if (c.seq() > log.high()) {
            checkpoints.recordAhead(c, s.windowSize() / s.checkpointInterval() + 1);
            Bytes digest = checkpoints.aheadDigest(c.seq(), s.quorum());
            if (digest != null) {
                adoptCheckpoint(c.seq(), digest); // beyond the window: no way to get there but state
            }
            return;
        }
        checkpoints.record(c);
        checkStable(c.seq());
    }

    private void checkStable(long seq) {
        Bytes digest = checkpoints.stableDigest(seq, s.quorum());
        if (digest == null || seq <= log.low()) {
            return;
        }
        if (lastExecuted < seq) {
            // Usually this replica is only a little behind and will execute up to seq itself;
            // it fetches the state if it makes no progress for a while (adoptStableAheadIfStuck).
            if (seq > stableAheadSeq) {
                stableAheadSeq = seq;
                stableAheadDigest = digest;
            }
            return;
        }
        adoptCheckpoint(seq, digest);
    }

    private void adoptStableAheadIfStuck() {
        if (stableAheadSeq > lastExecuted && stableAheadSeq > log.low()
                && now - lastExecutionTick >= s.timeouts().statusTicks()) {
            adoptCheckpoint(stableAheadSeq, stableAheadDigest);
        }
    }

    /**
     * Makes (seq, digest) the stable checkpoint, a fact established by 2f+1 CHECKPOINTs or by a
     * verified NEW-VIEW. If this replica executed that far its own digest must match; if it is
     * behind it fetches the state.
     */
    private void adoptCheckpoint(long seq, Bytes digest) {
        if (seq <= log.low()) {
            return;
        }
        if (lastExecuted >= seq) {
            Bytes own = checkpoints.own(seq);
            if (own != null && !own.equals(digest)) {
                // This replica's state differs from what 2f+1 replicas vouch for: it is faulty
                // itself. It says so, keeps its log, and repairs its state from the others.
                stats.reject("checkpoint:own-state-differs");
                out.stateDiverged(seq, own, digest);
                stateTransfer.want(seq, digest, now);
                return;
            }
        } else {
            stateTransfer.want(seq, digest, now);
        }
        checkpoints.markStable(seq, digest);
        stats.checkpointsStable++;
        log.advanceTo(seq);
        replayHeld = true;
        for (Checkpoint c : checkpoints.takeAheadUpTo(log.high())) {
            if (c.seq() > log.low()) {
                checkpoints.record(c);
                checkStable(c.seq());
            }
        }
    }

    private void onStateRequest(int from, StateRequest r) {
        if (r.replica() != from) {
            stats.reject("state-request:wrong-sender");
            return;
        }
        Bytes own = checkpoints.own(r.seq());
        stateTransfer.serve(r, checkpoints.ownState(r.seq()), own == null ? Bytes.EMPTY : own);
    }

    private void onStateChunk(int from, StateChunk c) {
        byte[] state = stateTransfer.onChunk(from, c, now);
        if (state == null) {
            return;
        }
        if (c.seq() <= lastExecuted && checkpoints.own(c.seq()) != null
                && checkpoints.own(c.seq()).equals(c.stateDigest())) {
            return;
        }
        try {
            execution.restore(state);
        } catch (RuntimeException e) {
            stats.reject("state-chunk:undecodable");
            return;
        }
        lastExecuted = c.seq();
        lastExecutionTick = now;
        stats.stateTransfers++;
        checkpoints.recordOwn(new Checkpoint(c.seq(), c.stateDigest(), s.self()), state);
        if (c.seq() > log.low()) {
            checkpoints.markStable(c.seq(), c.stateDigest());
            log.advanceTo(c.seq());
        }
        intake.purge(r -> clients.isDone(r.client(), r.timestamp()));
        replayHeld = true;
        executeReady();
    }

    // ---- the window and messages that arrive ahead of it ----

    /**
     * A message just above the window is usually one that overtook a CHECKPOINT on another link:
     * keep a bounded number per sender and look at them again when the window moves. Farther ones
     * are dropped (a replica that far behind catches up through checkpoints and state transfer).
     */
    private void deferOrReject(int from, Message m, long seq, String type) {
        if (seq > log.high() && seq <= log.high() + s.windowSize() && future.offer(from, m)) {
            return;
        }
        stats.reject(type + ":outside-window");
    }

    // ---- view change (TOCS 2002, section 4.5) ----

    private void startViewChange(long newView) {
        if (newView <= view && !(newView == view && active)) {
            return;
        }
        view = newView;
        active = false;
        primarySuspected = false;
        intake.clearQueue();
        stats.viewChangesStarted++;
        ViewChange vc = viewChanges.signOwn(ownViewChange(newView));
        viewChangeDeadline = now + viewChanges.newViewWait(s.timeouts().viewChangeTicks());
        out.multicast(others, vc);
        tryNewView();
    }

    private ViewChange ownViewChange(long newView) {
        List<ViewChange.Entry> prepared = new ArrayList<>();
        List<ViewChange.Entry> prePrepared = new ArrayList<>();
        for (Slot slot : log.slots()) {
            if (slot.preparedDigest != null) {
                prepared.add(new ViewChange.Entry(slot.seq, slot.preparedDigest, slot.preparedView));
            }
            slot.prePrepared.forEach((d, v) -> prePrepared.add(new ViewChange.Entry(slot.seq, d, v)));
        }
        return new ViewChange(newView, log.low(), checkpoints.claims(), prepared, prePrepared, s.self(), Bytes.EMPTY);
    }

    private void onViewChange(int from, ViewChange vc) {
        if (vc.replica() != from) {
            stats.reject("view-change:wrong-sender");
            return;
        }
        if (vc.newView() < view || (vc.newView() == view && active)) {
            // The sender missed the NEW-VIEW of a view this replica is already in.
            resendNewViewTo(from, vc.newView());
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
        tryNewView();
    }

    private void resendNewViewTo(int to, long theirView) {
        NewView nv = viewChanges.newView();
        if (active && isPrimary() && nv != null && nv.view() == view && theirView == view) {
            out.send(to, nv);
        }
    }

    /** The new primary, once its VIEW-CHANGEs settle every sequence number, sends NEW-VIEW. */
    private void tryNewView() {
        if (active || s.primary(view) != s.self()) {
            return;
        }
        List<ViewChange> set = viewChanges.forView(view);
        if (set.size() < s.quorum()) {
            return;
        }
        NewViewRule.Decision d = NewViewRule.decide(set, s.f(), s.windowSize());
        if (d == null) {
            return;
        }
        if (d.stableSeq() > log.low()) {
            adoptCheckpoint(d.stableSeq(), d.stableDigest());
        }
        List<PrePrepare> o = new ArrayList<>();
        boolean missing = false;
        for (int i = 0; i < d.digests().size(); i++) {
            long seq = d.stableSeq() + 1 + i;
            Bytes digest = d.digests().get(i);
            if (digest == null) {
                o.add(new PrePrepare(view, seq, ViewChanges.nullDigest(), List.of()));
                continue;
            }
            Slot slot = log.existing(seq);
            List<Request> batch = slot == null ? null : slot.batch(digest);
            if (batch == null) {
                missing = true;
                log.slot(seq, view);
                fetchBatch(seq, digest, holders(set, seq, digest));
            } else {
                o.add(new PrePrepare(view, seq, digest, batch));
            }
        }
        if (missing) {
            return; // asked for the batches; BatchData brings us back here
        }
        NewView nv = new NewView(view, set, d.stableSeq(), d.stableDigest(), o, s.self());
        out.multicast(others, nv);
        installNewView(nv, d);
    }

    private static Set<Integer> holders(List<ViewChange> set, long seq, Bytes digest) {
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

    private void onNewView(int from, NewView nv) {
        if (nv.view() < view || (nv.view() == view && active)) {
            return;
        }
        if (nv.replica() != from || from != s.primary(nv.view())) {
            stats.reject("new-view:not-from-primary");
            return;
        }
        String problem = newViewProblem(nv);
        if (problem != null) {
            stats.reject("new-view:" + problem);
            return;
        }
        if (nv.view() > view) {
            view = nv.view();
            primarySuspected = false;
            intake.clearQueue();
        }
        installNewView(nv, NewViewRule.decide(nv.viewChanges(), s.f(), s.windowSize()));
    }

    /** Why {@code nv} is not what its VIEW-CHANGEs prove, or null: backups recompute O. */
    private String newViewProblem(NewView nv) {
        Set<Integer> senders = new HashSet<>();
        for (ViewChange vc : nv.viewChanges()) {
            if (vc.newView() != nv.view() || !senders.add(vc.replica()) || viewChanges.check(vc) != null) {
                return "bad-view-change";
            }
        }
        if (senders.size() < s.quorum()) {
            return "too-few-view-changes";
        }
        NewViewRule.Decision d = NewViewRule.decide(nv.viewChanges(), s.f(), s.windowSize());
        if (d == null) {
            return "view-changes-settle-nothing";
        }
        if (d.stableSeq() != nv.stableSeq() || !d.stableDigest().equals(nv.stableDigest())
                || d.digests().size() != nv.prePrepares().size()) {
            return "wrong-checkpoint-or-O";
        }
        for (int i = 0; i < d.digests().size(); i++) {
            PrePrepare pp = nv.prePrepares().get(i);
            Bytes chosen = d.digests().get(i) == null ? ViewChanges.nullDigest() : d.digests().get(i);
            if (pp.view() != nv.view() || pp.seq() != d.stableSeq() + 1 + i || !pp.digest().equals(chosen)
                    || (d.digests().get(i) == null && !pp.batch().isEmpty())) {
                return "wrong-O";
            }
            if (batchProblem(pp.seq(), pp.digest(), pp.batch(), false) != null) {
                return "bad-batch-in-O";
            }
            Slot slot = log.existing(pp.seq());
            if (slot != null && slot.decided() && !slot.decidedDigest.equals(pp.digest())) {
                return "contradicts-committed";
            }
        }
        return null;
    }

    private void installNewView(NewView nv, NewViewRule.Decision d) {
        active = true;
        viewChanges.installed(nv);
        stats.viewsInstalled++;
        if (d.stableSeq() > log.low()) {
            adoptCheckpoint(d.stableSeq(), d.stableDigest());
        }
        for (Slot slot : log.slots()) {
            slot.enterView(view);
        }
        for (PrePrepare pp : nv.prePrepares()) {
            if (!log.inWindow(pp.seq())) {
                continue;
            }
            Slot slot = log.slot(pp.seq(), view);
            slot.enterView(view);
            slot.accept(pp);
            if (!isPrimary()) {
                sendPrepare(slot);
            }
        }
        log.reindexOrdered();
        nextSeq = Math.max(Math.max(d.maxSeq(), d.stableSeq()), lastExecuted) + 1;
        for (Request r : intake.restartAll(now)) {
            if (clients.isDone(r.client(), r.timestamp()) || log.isOrdered(RequestId.of(r))) {
                continue;
            }
            if (isPrimary()) {
                intake.enqueue(r);
            } else {
                out.send(s.primary(view), r); // requests the old primary held are not lost
            }
        }
        out.viewInstalled(view, s.primary(view));
        replayHeld = true;
    }

    // ---- message recovery: status messages (TOCS 2002, section 5.2) ----

    private void maybeSendStatus() {
        long period = s.timeouts().statusTicks();
        // An idle replica still says where it stands now and then: one cut off while the others
        // moved on would otherwise never learn that it is behind.
        boolean due = waiting() ? now - lastStatusTick >= period : now - lastStatusTick >= IDLE_STATUS_PERIODS * period;
        if (!due || now - lastExecutionTick < period) {
            return;
        }
        lastStatusTick = now;
        for (Slot slot : log.slots()) {
            checkCommitted(slot); // re-asks for batches whose BatchFetch or BatchData was lost
        }
        tryNewView();
        out.multicast(others, new Status(view, !active, log.low(), lastExecuted, s.self()));
    }

    /** Whether this replica waits for something a lost message could be holding up. */
    private boolean waiting() {
        return !active || !intake.isEmpty() || log.highestSlot() > lastExecuted || stateTransfer.active()
                || !checkpoints.ownAbove(log.low(), s.self()).isEmpty();
    }

    private void onStatus(int from, Status st) {
        if (st.replica() != from || now - statusAnsweredAt[from] < Math.max(1, s.timeouts().statusTicks() / 2)) {
            return;
        }
        statusAnsweredAt[from] = now;
        for (Checkpoint c : checkpoints.ownAbove(st.stableSeq(), s.self())) {
            out.send(from, c);
        }
        ViewChange own = viewChanges.own();
        if (st.view() < view || (st.view() == view && st.viewChanging())) {
            if (own != null && own.newView() == view) {
                out.send(from, own); // with f others it lets a replica left behind join
            }
            resendNewViewTo(from, view);
        }
        if (st.view() == view && active && !st.viewChanging()) {
            resendAgreement(from, st.lastExecuted());
        }
    }

    /** Re-sends this replica's own agreement messages for the slots {@code to} has not executed. */
    private void resendAgreement(int to, long theirLastExecuted) {
        for (Slot slot : log.slots()) {
            if (slot.seq <= theirLastExecuted || slot.prePrepare == null || slot.view != view) {
                continue;
            }
            if (isPrimary()) {
                out.send(to, slot.prePrepare);
            } else if (slot.sentPrepare) {
                out.send(to, new Prepare(view, slot.seq, slot.digest(), s.self()));
            }
            if (slot.prepared) {
                out.send(to, new Commit(view, slot.seq, slot.digest(), s.self()));
            }
        }
    }

    // ---- helpers ----

    private boolean isPrimary() {
        return s.primary(view) == s.self();
    }

    private boolean isReplica(int principal) {
        return principal >= 0 && principal < s.n();
    }

    private static String typeName(Message m) {
        return m.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
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
        if (active && isPrimary() && nextSeq <= Math.min(lastExecuted, log.low())) {
            throw new IllegalStateException("primary's next sequence number " + nextSeq + " is already used");
        }
        for (Slot slot : log.slots()) {
            if (slot.executed != (slot.seq <= lastExecuted) && slot.decided()) {
                throw new IllegalStateException("slot " + slot.seq + " executed=" + slot.executed + " but last executed "
                        + lastExecuted);
            }
            if (slot.view > view) {
                throw new IllegalStateException("slot " + slot.seq + " in view " + slot.view + " above " + view);
            }
        }
    }

    // ---- observation ----

    public long view() {
        return view;
    }

    /** Whether the replica works in {@link #view()}, rather than waiting for its NEW-VIEW. */
    public boolean viewActive() {
        return active;
    }

    public int primary() {
        return s.primary(view);
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
        return execution.stateDigest();
    }

    Service service() {
        return service;
    }
}
