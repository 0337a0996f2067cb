package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.StateChunk;

/**
 * Checkpoints, garbage collection and state transfer (OSDI'99 section 4.3): this replica's own
 * CHECKPOINT every K executions, the others', the stable checkpoint 2f+1 of them make (which moves
 * the window and truncates the log), and the state this replica fetches when the group has a
 * stable checkpoint it has not reached. Part of {@link ReplicaCore}, on its thread; it reads where
 * execution stands through {@link Core} and moves it only when it installs a fetched state.
 */
final class CheckpointPath {
    /** What this path reads of the core's execution, and asks of it. */
    interface Core {
        long now();

        long lastExecuted();

        /** The tick of the last execution (or state install). */
        long lastExecutionTick();

        /** The state as of {@code seq} was installed from peers: execution continues after it. */
        void installed(long seq);

        /** Messages held for a later window are to be looked at again after this step. */
        void replayHeld();

        void executeReady();

        Recovery.Position position();
    }

    private final CoreSettings s;
    private final Outbox out;
    private final CoreStats stats;
    private final Core at;
    private final MessageLog log;
    private final Checkpoints checkpoints;
    private final CheckpointImages images;
    private final StateServer stateServer;
    private final ReplicatedState state;
    private final StateTransfer stateTransfer;
    private final AmnesiaFence fence;
    private final Journal journal;
    private final RequestIntake intake;
    private final ClientTable clients;
    private final Endorsements endorsements;
    private final Recovery recovery;
    private final int[] others;
    /** The highest stable checkpoint above what this replica executed, and its digest; -1 if none. */
    private long stableAheadSeq = -1;
    private Bytes stableAheadDigest;

    CheckpointPath(CoreSettings settings, Outbox out, CoreStats stats, Core at, MessageLog log, Checkpoints checkpoints,
                   CheckpointImages images, StateServer stateServer, ReplicatedState state, StateTransfer stateTransfer,
                   AmnesiaFence fence, Journal journal, RequestIntake intake, ClientTable clients,
                   Endorsements endorsements, Recovery recovery, int[] others) {
        this.s = settings;
        this.out = out;
        this.stats = stats;
        this.at = at;
        this.log = log;
        this.checkpoints = checkpoints;
        this.images = images;
        this.stateServer = stateServer;
        this.state = state;
        this.stateTransfer = stateTransfer;
        this.fence = fence;
        this.journal = journal;
        this.intake = intake;
        this.clients = clients;
        this.endorsements = endorsements;
        this.recovery = recovery;
        this.others = others;
    }

    /** Takes this replica's checkpoint of the state it has just executed up to {@code seq}. */
    void take(long seq) {
        Checkpoint own = new Checkpoint(seq, state.refresh(), s.self());
        images.put(seq, state.takeImageDelta());
        stateServer.recordTree(seq, state.tree().copy());
        checkpoints.recordOwn(own);
        out.checkpointTaken(own.seq(), own.stateDigest());
        out.multicast(others, own);
        checkStable(own.seq());
        // Endorsements of requests that will never run (their client moved W past them) close.
        endorsements.purge();
    }

    void onCheckpoint(int from, Checkpoint c) {
        if (c.replica() != from || c.seq() % s.checkpointInterval() != 0 || c.seq() == 0) {
            stats.reject("checkpoint:malformed");
            return;
        }
        fence.report(from, c.seq());
        if (c.seq() <= log.low()) {
            return;
        }
        if (c.seq() > log.high()) {
            checkpoints.recordAhead(c, s.windowSize() / s.checkpointInterval() + 1);
            Bytes digest = checkpoints.aheadDigest(c.seq(), s.quorum());
            if (digest != null) {
                adopt(c.seq(), digest); // beyond the window: no way to get there but state
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
        if (at.lastExecuted() < seq) {
            // Usually this replica is only a little behind and will execute up to seq itself;
            // it fetches the state if it makes no progress for a while (adoptStableAheadIfStuck).
            if (seq > stableAheadSeq) {
                stableAheadSeq = seq;
                stableAheadDigest = digest;
            }
            return;
        }
        adopt(seq, digest);
    }

    /** Whether this replica knows it is behind the others: a stable checkpoint ahead, or fetching state. */
    boolean behind() {
        return stableAheadSeq > at.lastExecuted() || stateTransfer.active();
    }

    void adoptStableAheadIfStuck() {
        if (stableAheadSeq > at.lastExecuted() && stableAheadSeq > log.low()
                && at.now() - at.lastExecutionTick() >= s.timeouts().statusTicks()) {
            adopt(stableAheadSeq, stableAheadDigest);
        }
    }

    /**
     * Makes (seq, digest) the stable checkpoint, a fact established by 2f+1 CHECKPOINTs or by a
     * verified NEW-VIEW. If this replica executed that far its own digest must match; if it is
     * behind it fetches the state.
     */
    void adopt(long seq, Bytes digest) {
        if (seq <= log.low()) {
            return;
        }
        long fetching = stateTransfer.target();
        if (at.lastExecuted() >= seq) {
            Bytes own = checkpoints.own(seq);
            if (own != null && !own.equals(digest)) {
                // This replica's state differs from what 2f+1 replicas vouch for: it is faulty
                // itself. It says so, keeps its log, and repairs its state from the others.
                stats.reject("checkpoint:own-state-differs");
                out.stateDiverged(seq, own, digest);
                stateTransfer.want(seq, digest, at.now());
                return;
            }
        } else {
            stateTransfer.want(seq, digest, at.now());
        }
        markStable(seq, digest);
        stats.checkpointsStable++;
        log.advanceTo(seq);
        at.replayHeld();
        for (Checkpoint c : checkpoints.takeAheadUpTo(log.high())) {
            if (c.seq() > log.low()) {
                checkpoints.record(c);
                checkStable(c.seq());
            }
        }
        if (stateTransfer.target() > fetching) {
            // The group is past seq already: ask at once for what it ordered since, so that the
            // batches above seq are in the log when the state arrives and execute right away.
            // Otherwise the replica waits a status period after each install, the group makes its
            // next checkpoint meanwhile, and the replica goes from fetch to fetch.
            recovery.send(at.position());
        }
    }

    private void markStable(long seq, Bytes digest) {
        // The previous stable checkpoint stays served: a replica that learns of a checkpoint from
        // 2f+1 CHECKPOINTs asks for it just as the group, under load, makes the next one stable.
        long previous = log.low();
        checkpoints.markStable(seq, digest);
        fence.windowAt(seq);
        journal.append(new JournalEntry.Stable(seq, digest));
        if (seq <= images.latest()) {
            images.forgetBelow(previous);
        }
        stateServer.forgetBelow(previous);
    }

    void onStateChunk(int from, StateChunk c) {
        if (!stateTransfer.onChunk(from, c, at.now())) {
            return;
        }
        long seq = c.seq();
        if (seq <= images.latest()) {
            // This replica's own images from seq on describe a state 2f+1 replicas disowned.
            images.discardAbove(seq - 1);
            images.put(seq, state.takeWholeImage());
        } else {
            images.put(seq, state.takeImageDelta());
        }
        stateServer.recordTree(seq, state.tree().copy());
        at.installed(seq);
        stats.stateTransfers++;
        checkpoints.recordOwn(new Checkpoint(seq, c.root(), s.self()));
        out.checkpointTaken(seq, state.tree().root()); // what was installed, for anyone checking
        out.stateFetched(seq, stats.statePartitionsFetched);
        if (seq > log.low()) {
            markStable(seq, c.root());
            log.advanceTo(seq);
        }
        intake.purge(r -> clients.isDone(r.client(), r.timestamp()));
        endorsements.purge();
        intake.restartAll(at.now()); // the requests still waiting get a whole timeout from now
        at.replayHeld();
        at.executeReady();
        recovery.send(at.position()); // what the group ordered above the installed state, now
    }
}
