package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.ViewChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CHECKPOINT votes above the last stable checkpoint, this replica's own checkpoint digests, and the
 * stable checkpoint itself. Votes are
 * kept only for checkpoint sequence numbers inside the window, one per replica per sequence number:
 * at most n * L/K entries; own checkpoints at most L/K + 1.
 */
final class Checkpoints {
    private final TreeMap<Long, Map<Integer, Checkpoint>> votes = new TreeMap<>();
    private final Map<Integer, TreeMap<Long, Bytes>> ahead = new HashMap<>();
    private final TreeMap<Long, Bytes> ownDigests = new TreeMap<>();
    private Bytes stableDigest = NewViewRule.GENESIS_DIGEST;

    /** The state digest of the last stable checkpoint (the genesis digest before the first). */
    Bytes stableDigest() {
        return stableDigest;
    }

    /** Records {@code c} unless its sender already voted for that sequence number. */
    void record(Checkpoint c) {
        votes.computeIfAbsent(c.seq(), s -> new HashMap<>()).putIfAbsent(c.replica(), c);
    }

    /** Records this replica's own checkpoint. */
    void recordOwn(Checkpoint c) {
        record(c);
        ownDigests.put(c.seq(), c.stateDigest());
    }

    /**
     * Records a vote above the window, keeping each sender's {@code perSenderMax} highest: how a
     * replica left far behind learns of a stable checkpoint it cannot reach by executing.
     */
    void recordAhead(Checkpoint c, int perSenderMax) {
        TreeMap<Long, Bytes> mine = ahead.computeIfAbsent(c.replica(), r -> new TreeMap<>());
        mine.putIfAbsent(c.seq(), c.stateDigest());
        while (mine.size() > perSenderMax) {
            mine.pollFirstEntry();
        }
    }

    /** The digest {@code quorum} senders agree on for {@code seq} among votes above the window, or null. */
    Bytes aheadDigest(long seq, int quorum) {
        return Quorums.agreedDigest(ahead.values().stream().map(mine -> mine.get(seq)).toList(), quorum);
    }

    /** Removes and returns the votes above the window that the window now covers (seq <= high). */
    List<Checkpoint> takeAheadUpTo(long high) {
        List<Checkpoint> out = new ArrayList<>();
        ahead.forEach((replica, mine) -> {
            var covered = mine.headMap(high, true);
            covered.forEach((seq, d) -> out.add(new Checkpoint(seq, d, replica)));
            covered.clear();
        });
        return out;
    }

    /** The digest that {@code quorum} replicas agree on for {@code seq}, or null. */
    Bytes stableDigest(long seq, int quorum) {
        Map<Integer, Checkpoint> forSeq = votes.get(seq);
        if (forSeq == null || forSeq.size() < quorum) {
            return null;
        }
        return Quorums.agreedDigest(forSeq.values().stream().map(Checkpoint::stateDigest).toList(), quorum);
    }

    /** This replica's own digest at {@code seq}, or null if it took no checkpoint there. */
    Bytes own(long seq) {
        return ownDigests.get(seq);
    }

    /** This replica's own checkpoint messages above {@code seq}, to re-send to a peer that lacks them. */
    List<Checkpoint> ownAbove(long seq, int self) {
        List<Checkpoint> out = new ArrayList<>();
        ownDigests.tailMap(seq, false).forEach((s, d) -> out.add(new Checkpoint(s, d, self)));
        return out;
    }

    /**
     * Records that {@code seq} is the stable checkpoint (h itself belongs to the message log) and
     * drops every vote and own state below it.
     */
    void markStable(long seq, Bytes digest) {
        stableDigest = digest;
        votes.headMap(seq, true).clear();
        ownDigests.headMap(seq, false).clear();
    }

    /** C of a VIEW-CHANGE: the stable checkpoint h and this replica's own checkpoints above it. */
    List<ViewChange.CheckpointClaim> claims(long h) {
        List<ViewChange.CheckpointClaim> out = new ArrayList<>();
        out.add(new ViewChange.CheckpointClaim(h, stableDigest));
        ownDigests.tailMap(h, false).forEach((s, d) -> out.add(new ViewChange.CheckpointClaim(s, d)));
        return out;
    }
}
