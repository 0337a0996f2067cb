package dev.pbft.replica.core;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.replica.service.Service;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PBFT state machine of one replica (Castro and Liskov, OSDI'99, section 4), normal case and
 * checkpoints: a plain object with no threads, sockets or clocks. Inputs are {@link #step} with an
 * authenticated message and {@link #tick} for logical time; outputs go to the {@link Outbox}
 * synchronously. Given the same inputs in the same order it makes the same outputs, which is what
 * lets the simulator replay a failure from its seed.
 *
 * <p>Not thread-safe: a runtime owns it on one thread. Messages that break a rule are dropped and
 * counted in {@link #stats()} under "type:reason"; none throws.
 */
public final class ReplicaCore {
    private final CoreSettings s;
    private final Service service;
    private final RequestVerifier verifier;
    private final Outbox out;
    private final int[] others;
    private final CoreStats stats = new CoreStats();
    private final Slot[] log;
    private final ClientTable clients;
    private final Checkpoints checkpoints = new Checkpoints();
    private final LinkedHashMap<RequestId, Request> pending = new LinkedHashMap<>();
    private final Map<Integer, Integer> pendingPerClient = new java.util.HashMap<>();
    private final Set<RequestId> ordered = new HashSet<>();
    private final FutureMessages future;
    private final Execution execution;

    private long view;
    private long low;
    private long lastExecuted;
    private long nextSeq = 1;
    private long now;
    private boolean windowMoved;

    public ReplicaCore(CoreSettings settings, Service service, RequestVerifier verifier, Outbox outbox) {
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
        this.log = new Slot[settings.windowSize()];
        this.clients = new ClientTable(settings.clientWindow());
        this.future = new FutureMessages(4 * settings.n() * settings.pipelineBatchesMax());
        this.execution = new Execution(settings, service, clients, outbox, stats);
    }

    /** Handles one message whose sender {@code from} the transport has authenticated. */
    public void step(int from, Message message) {
        dispatch(from, message);
        // Messages that arrived ahead of the window are looked at again once it has moved; done
        // here, after the step, so no handler ever runs inside another.
        while (windowMoved) {
            windowMoved = false;
            for (FutureMessages.Entry e : future.drain()) {
                dispatch(e.from(), e.message());
            }
        }
    }

    private void dispatch(int from, Message message) {
        if (message instanceof Request r) {
            onRequest(from, r);
        } else if (message instanceof PrePrepare p) {
            onPrePrepare(from, p);
        } else if (message instanceof Prepare p) {
            onPrepare(from, p);
        } else if (message instanceof Commit c) {
            onCommit(from, c);
        } else if (message instanceof Checkpoint c) {
            onCheckpoint(from, c);
        } else if (message instanceof Reply) {
            stats.reject("reply:not-for-replicas");
        } else {
            // VIEW-CHANGE, NEW-VIEW and state transfer are handled by the runtime's later stages.
            stats.reject(message.getClass().getSimpleName() + ":unsupported");
        }
    }

    /** Advances logical time by one tick. */
    public void tick() {
        now++;
        propose();
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

    // ---- requests (section 4.1 of the paper; exactly-once per client timestamp) ----

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
        if (clients.isDone(r.client(), r.timestamp()) || ordered.contains(id) || pending.containsKey(id)) {
            return;
        }
        if (!isPrimary()) {
            // The client could not get it ordered through the primary: relay it (section 4.4).
            if (from == r.client()) {
                out.send(s.primary(view), r);
            }
            return;
        }
        if (pendingPerClient.getOrDefault(r.client(), 0) >= s.clientWindow()) {
            stats.reject("request:client-over-window");
            return;
        }
        pending.put(id, r);
        pendingPerClient.merge(r.client(), 1, Integer::sum);
    }

    /**
     * The primary assigns sequence numbers while the pipeline has room: a request arriving at an
     * idle primary leaves at the end of its burst in a batch of one; requests arriving while the
     * pipeline is full wait and leave together, so batches grow with load.
     */
    private void propose() {
        while (isPrimary() && !pending.isEmpty() && nextSeq - lastExecuted <= s.pipelineBatchesMax()
                && nextSeq <= low + s.windowSize()) {
            List<Request> batch = cutBatch();
            PrePrepare pp = new PrePrepare(view, nextSeq, BatchDigest.of(batch), batch, Bytes.EMPTY);
            nextSeq++;
            Slot slot = slot(pp.seq());
            slot.prePrepare = pp;
            batch.forEach(r -> ordered.add(RequestId.of(r)));
            out.multicast(others, pp);
            checkPrepared(slot);
        }
    }

    private List<Request> cutBatch() {
        List<Request> batch = new ArrayList<>();
        int bytes = 0;
        var it = pending.values().iterator();
        while (it.hasNext() && batch.size() < s.batchRequestsMax()) {
            Request r = it.next();
            int size = r.operation().length();
            if (!batch.isEmpty() && bytes + size > s.batchBytesMax()) {
                break;
            }
            batch.add(r);
            bytes += size;
            it.remove();
            pendingPerClient.merge(r.client(), -1, Integer::sum);
        }
        return batch;
    }

    // ---- agreement (sections 4.2 and 4.3) ----

    private void onPrePrepare(int from, PrePrepare pp) {
        if (pp.view() != view || from != s.primary(view) || isPrimary()) {
            stats.reject("pre-prepare:not-from-primary-of-view");
            return;
        }
        if (!inWindow(pp.seq())) {
            deferOrReject(from, pp, pp.seq(), "pre-prepare");
            return;
        }
        Slot slot = slot(pp.seq());
        if (slot.prePrepare != null) {
            if (!slot.prePrepare.digest().equals(pp.digest())) {
                stats.reject("pre-prepare:conflicting-digest");
            }
            return;
        }
        if (!BatchDigest.of(pp.batch()).equals(pp.digest())) {
            stats.reject("pre-prepare:bad-digest");
            return;
        }
        for (Request r : pp.batch()) {
            if (!s.isClient(r.client()) || r.readOnly() || !verifier.verify(r)) {
                stats.reject("pre-prepare:bad-request");
                return;
            }
        }
        slot.prePrepare = pp;
        pp.batch().forEach(r -> ordered.add(RequestId.of(r)));
        Prepare prepare = new Prepare(view, pp.seq(), pp.digest(), s.self(), Bytes.EMPTY);
        slot.prepares.put(s.self(), pp.digest());
        out.multicast(others, prepare);
        checkPrepared(slot);
    }

    private void onPrepare(int from, Prepare p) {
        if (p.replica() != from || p.view() != view || from == s.primary(view)) {
            stats.reject("prepare:wrong-sender-or-view");
            return;
        }
        if (!inWindow(p.seq())) {
            deferOrReject(from, p, p.seq(), "prepare");
            return;
        }
        Slot slot = slot(p.seq());
        slot.prepares.putIfAbsent(from, p.digest());
        checkPrepared(slot);
    }

    private void onCommit(int from, Commit c) {
        if (c.replica() != from || c.view() != view) {
            stats.reject("commit:wrong-sender-or-view");
            return;
        }
        if (!inWindow(c.seq())) {
            deferOrReject(from, c, c.seq(), "commit");
            return;
        }
        Slot slot = slot(c.seq());
        slot.commits.putIfAbsent(from, c.digest());
        checkCommitted(slot);
    }

    /** prepared: the pre-prepare plus 2f matching PREPAREs from distinct backups. */
    private void checkPrepared(Slot slot) {
        if (slot.prepared || slot.prePrepare == null
                || slot.matching(slot.prepares, s.primary(slot.view)) < 2 * s.f()) {
            return;
        }
        slot.prepared = true;
        slot.commits.put(s.self(), slot.digest());
        out.multicast(others, new Commit(slot.view, slot.seq, slot.digest(), s.self()));
        checkCommitted(slot);
    }

    /** committed-local: prepared plus 2f+1 matching COMMITs, this replica's own included. */
    private void checkCommitted(Slot slot) {
        if (slot.committed || !slot.prepared || slot.matching(slot.commits, -1) < s.quorum()) {
            return;
        }
        slot.committed = true;
        executeReady();
    }

    private void executeReady() {
        Slot next;
        while (lastExecuted + 1 <= low + s.windowSize() && (next = existingSlot(lastExecuted + 1)) != null
                && next.committed) {
            lastExecuted++;
            execution.execute(next.seq, next.prePrepare, view);
            next.prePrepare.batch().forEach(r -> ordered.remove(RequestId.of(r)));
            if (lastExecuted % s.checkpointInterval() == 0) {
                takeCheckpoint();
            }
        }
    }

    // ---- checkpoints and garbage collection (section 4.3) ----

    private void takeCheckpoint() {
        Checkpoint own = new Checkpoint(lastExecuted, execution.stateDigest(), s.self(), Bytes.EMPTY);
        checkpoints.record(own);
        out.multicast(others, own);
        checkStable(own.seq());
    }

    private void onCheckpoint(int from, Checkpoint c) {
        if (c.replica() != from || c.seq() % s.checkpointInterval() != 0) {
            stats.reject("checkpoint:malformed");
            return;
        }
        if (c.seq() <= low) {
            return;
        }
        if (!inWindow(c.seq())) {
            deferOrReject(from, c, c.seq(), "checkpoint");
            return;
        }
        checkpoints.record(c);
        checkStable(c.seq());
    }

    private void checkStable(long seq) {
        Bytes digest = checkpoints.stableDigest(seq, s.quorum());
        if (digest == null || seq <= low) {
            return;
        }
        if (lastExecuted < seq) {
            out.stateNeeded(seq, digest);
            return;
        }
        checkpoints.markStable(seq, digest);
        stats.checkpointsStable++;
        for (long q = low + 1; q <= seq; q++) {
            log[index(q)] = null;
        }
        low = seq;
        windowMoved = true;
    }

    // ---- the window and messages that arrive ahead of it ----

    private boolean inWindow(long seq) {
        return seq > low && seq <= low + s.windowSize();
    }

    /**
     * A message just above the window is usually one that overtook a CHECKPOINT on another link:
     * keep a bounded number and look at them again when the window moves. Older or farther ones
     * are dropped.
     */
    private void deferOrReject(int from, Message m, long seq, String type) {
        if (seq > low + s.windowSize() && seq <= low + 2L * s.windowSize() && future.offer(from, m)) {
            return;
        }
        stats.reject(type + ":outside-window");
    }

    private Slot slot(long seq) {
        int i = index(seq);
        Slot slot = log[i];
        if (slot == null || slot.seq != seq) {
            slot = new Slot(seq, view);
            log[i] = slot;
        }
        return slot;
    }

    private Slot existingSlot(long seq) {
        Slot slot = log[index(seq)];
        return slot != null && slot.seq == seq ? slot : null;
    }

    private int index(long seq) {
        return (int) Math.floorMod(seq, (long) log.length);
    }

    private boolean isPrimary() {
        return s.primary(view) == s.self();
    }

    private boolean isReplica(int principal) {
        return principal >= 0 && principal < s.n();
    }

    // ---- observation ----

    public long view() {
        return view;
    }

    public int primary() {
        return s.primary(view);
    }

    /** h: the last stable checkpoint. */
    public long lowWaterMark() {
        return low;
    }

    public long lastExecuted() {
        return lastExecuted;
    }

    /** Requests the primary holds that are not yet in a batch. */
    public int pendingRequests() {
        return pending.size();
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
