package dev.pbft.replica.core;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.StateRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Fetching the state at a stable checkpoint this replica has not reached (PBFT section 4.3 and
 * TOCS section 6.2). It walks the partition tree down from the checkpoint's digest, which 2f+1
 * CHECKPOINTs or a verified NEW-VIEW vouch for, asking one replica at a time: a node's children are
 * accepted only if they digest to what the parent said, and it descends only where they differ from
 * this replica's own tree. Then {@link PartitionFetch} fetches the partitions that differ, several
 * at once, checks each whole partition against its digest and writes it at once. A source that
 * serves a wrong node or partition is caught at the first wrong piece, counted, and replaced by the
 * next replica.
 */
final class StateTransfer {
    private final CoreSettings s;
    private final Outbox out;
    private final CoreStats stats;
    private final ReplicatedState state;
    private final PartitionFetch partitions;

    private long seq = -1;
    private Bytes root;
    private int source;
    private long askedAt;
    /** Trusted digests of the tree nodes still to compare, at {@link #walkLevel}. */
    private TreeMap<Integer, Bytes> walk = new TreeMap<>();
    private TreeMap<Integer, Bytes> nextWalk = new TreeMap<>();
    private int walkLevel;

    StateTransfer(CoreSettings settings, Outbox out, CoreStats stats, ReplicatedState state) {
        this.s = settings;
        this.out = out;
        this.stats = stats;
        this.state = state;
        this.source = settings.self();
        this.partitions = new PartitionFetch(settings, out, stats, state, this::nextSource);
    }

    boolean active() {
        return seq >= 0;
    }

    /** The checkpoint being fetched, or -1. */
    long target() {
        return seq;
    }

    /**
     * Starts fetching the state at {@code wantedSeq} unless a fetch for it or a later one runs.
     * Partitions already fetched for an earlier target are not fetched again unless they differ.
     */
    void want(long wantedSeq, Bytes wantedRoot, long now) {
        if (wantedSeq <= seq) {
            return;
        }
        seq = wantedSeq;
        root = wantedRoot;
        state.refresh(); // compare against the live state, not the last checkpoint's
        out.stateFetchStarted(wantedSeq);
        restart(now);
    }

    private void restart(long now) {
        source = nextSource(source);
        walk = new TreeMap<>();
        nextWalk = new TreeMap<>();
        partitions.clear();
        walkLevel = state.tree().top();
        walk.put(0, root);
        stats.stateTransfersStarted++;
        ask(now);
    }

    /** Re-asks, from the next replica, if a source has been silent for {@code patience} ticks. */
    void tick(long now, long patience) {
        if (!active()) {
            return;
        }
        if (!walk.isEmpty() && now - askedAt >= patience) {
            stats.timeout("state-source");
            source = nextSource(source);
            ask(now);
        } else if (walk.isEmpty()) {
            partitions.tick(now, patience);
        }
    }

    private int nextSource(int current) {
        int next = (current + 1) % s.n();
        return next == s.self() ? (next + 1) % s.n() : next;
    }

    private void ask(long now) {
        askedAt = now;
        List<Integer> nodes = new ArrayList<>(walk.keySet()).subList(0, Math.min(walk.size(), nodesPerAsk()));
        out.send(source, new StateRequest(seq, root, walkLevel, nodes, 0, s.self()));
    }

    /** Node answers fit one frame: each carries up to FANOUT digests. */
    private static int nodesPerAsk() {
        return StateServer.NODE_ANSWER_BYTES / (StateTree.FANOUT * Digests.DIGEST_BYTES);
    }

    /**
     * Takes an answer; returns true once the whole state at the target checkpoint is in place (the
     * tree's root equals the target digest).
     */
    boolean onChunk(int from, StateChunk c, long now) {
        if (!active() || c.seq() != seq || !c.root().equals(root)) {
            stats.reject("state-chunk:unexpected");
            return false;
        }
        if (walk.isEmpty()) {
            partitions.onChunk(from, c, now);
        } else if (from != source || !answersCurrentAsk(c)) {
            stats.reject("state-chunk:stale"); // a late or duplicated answer to an earlier ask
            return false;
        } else if (takeNodes(c)) {
            if (walk.isEmpty()) {
                partitions.start(seq, root, source, now);
            } else {
                ask(now);
            }
        } else {
            stats.stateSourceFaults++;
            source = nextSource(source);
            ask(now);
        }
        if (walk.isEmpty() && partitions.done()) {
            if (state.tree().root().equals(root)) {
                seq = -1;
                return true;
            }
            stats.reject("state-chunk:root-mismatch"); // cannot happen if every piece checked; start over
            restart(now);
        }
        return false;
    }

    /** Whether {@code c} answers this replica's latest node ask; only then can it be blamed. */
    private boolean answersCurrentAsk(StateChunk c) {
        return c.pieces().isEmpty() || c.level() == walkLevel && walk.containsKey(c.pieces().get(0).index());
    }

    private boolean takeNodes(StateChunk c) {
        if (c.level() != walkLevel || c.pieces().isEmpty()) {
            stats.reject("state-chunk:wrong-level");
            return false;
        }
        StateTree own = state.tree();
        for (StateChunk.Piece p : c.pieces()) {
            Bytes trusted = walk.get(p.index());
            if (trusted == null || !StateTree.nodeDigest(walkLevel, p.data().backingArray()).equals(trusted)
                    || p.data().length() != (own.lastChild(walkLevel, p.index()) - StateTree.firstChild(p.index()) + 1)
                    * Digests.DIGEST_BYTES) {
                stats.reject("state-chunk:wrong-node");
                return false;
            }
            walk.remove(p.index());
            byte[] children = p.data().backingArray();
            for (int i = 0; i * Digests.DIGEST_BYTES < children.length; i++) {
                int child = StateTree.firstChild(p.index()) + i;
                Bytes digest = Bytes.wrap(Arrays.copyOfRange(children, i * Digests.DIGEST_BYTES,
                        (i + 1) * Digests.DIGEST_BYTES));
                if (!digest.equals(own.digest(walkLevel - 1, child))) {
                    if (walkLevel == 1) {
                        partitions.add(child, digest);
                    } else {
                        nextWalk.put(child, digest);
                    }
                }
            }
        }
        if (walk.isEmpty() && walkLevel > 1) {
            walk = nextWalk;
            nextWalk = new TreeMap<>();
            walkLevel--;
        }
        return true;
    }

    /** Forgets a fetch made pointless because this replica executed up to {@code executed} itself. */
    void caughtUp(long executed) {
        if (active() && executed >= seq) {
            seq = -1;
            partitions.clear();
        }
    }
}
