package dev.pbft.replica.core;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checkpoint images held in the heap: for the simulator, tests and the in-memory mode. Holds one
 * encoded copy of the state next to the live one, plus the partitions that changed at checkpoints
 * above the oldest kept.
 */
public final class MemoryCheckpointImages implements CheckpointImages {
    private static final byte[] EMPTY = new byte[0];
    private final Map<Integer, TreeMap<Long, byte[]>> versions = new HashMap<>();
    private long oldest = -1;
    private long latest = -1;

    @Override
    public void put(long seq, Map<Integer, byte[]> changed) {
        if (seq <= latest) {
            throw new IllegalArgumentException("checkpoint " + seq + " is not above the latest, " + latest);
        }
        changed.forEach((p, bytes) -> versions.computeIfAbsent(p, k -> new TreeMap<>()).put(seq, bytes));
        latest = seq;
        if (oldest < 0) {
            oldest = seq;
        }
    }

    @Override
    public byte[] read(long seq, int partition) {
        if (seq < oldest) {
            throw new IllegalArgumentException("checkpoint " + seq + " is no longer kept (oldest " + oldest + ")");
        }
        TreeMap<Long, byte[]> mine = versions.get(partition);
        var entry = mine == null ? null : mine.floorEntry(seq);
        return entry == null ? EMPTY : entry.getValue();
    }

    @Override
    public void forgetBelow(long seq) {
        if (seq <= oldest) {
            return;
        }
        for (TreeMap<Long, byte[]> mine : versions.values()) {
            Long keep = mine.floorKey(seq);
            if (keep != null) {
                mine.headMap(keep, false).clear();
            }
        }
        oldest = seq;
    }

    @Override
    public void discardAbove(long seq) {
        versions.values().forEach(mine -> mine.tailMap(seq, false).clear());
        latest = Math.min(latest, seq);
    }

    @Override
    public long latest() {
        return latest;
    }
}
