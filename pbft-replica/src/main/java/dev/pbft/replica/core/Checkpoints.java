package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Checkpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CHECKPOINT votes above the last stable checkpoint, and the proof of that stable checkpoint (the
 * 2f+1 matching messages a VIEW-CHANGE will carry). Votes are kept only for checkpoint sequence
 * numbers inside the window, one per replica per sequence number: at most n * L/K entries.
 */
final class Checkpoints {
    private final TreeMap<Long, Map<Integer, Checkpoint>> votes = new TreeMap<>();
    private long stableSeq;
    private Bytes stableDigest = Bytes.EMPTY;
    private List<Checkpoint> stableProof = List.of();

    /** Records {@code c} unless its sender already voted for that sequence number. */
    void record(Checkpoint c) {
        votes.computeIfAbsent(c.seq(), s -> new HashMap<>()).putIfAbsent(c.replica(), c);
    }

    /** The digest that {@code quorum} replicas agree on for {@code seq}, or null. */
    Bytes stableDigest(long seq, int quorum) {
        Map<Integer, Checkpoint> forSeq = votes.get(seq);
        if (forSeq == null || forSeq.size() < quorum) {
            return null;
        }
        Map<Bytes, Integer> counts = new HashMap<>();
        for (Checkpoint c : forSeq.values()) {
            if (counts.merge(c.stateDigest(), 1, Integer::sum) >= quorum) {
                return c.stateDigest();
            }
        }
        return null;
    }

    /** Makes {@code seq} the stable checkpoint and drops every vote at or below it. */
    void markStable(long seq, Bytes digest) {
        List<Checkpoint> proof = new ArrayList<>();
        for (Checkpoint c : votes.get(seq).values()) {
            if (c.stateDigest().equals(digest)) {
                proof.add(c);
            }
        }
        proof.sort((a, b) -> Integer.compare(a.replica(), b.replica()));
        stableSeq = seq;
        stableDigest = digest;
        stableProof = List.copyOf(proof);
        votes.headMap(seq, true).clear();
    }

    /** Sequence numbers with votes, lowest first, for re-checking after the replica catches up. */
    List<Long> pendingSeqs() {
        return new ArrayList<>(votes.keySet());
    }

    long stableSeq() {
        return stableSeq;
    }

    Bytes stableDigest() {
        return stableDigest;
    }

    List<Checkpoint> stableProof() {
        return stableProof;
    }
}
