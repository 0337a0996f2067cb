package dev.pbft.replica.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each kept partition version lies in the log, with the same keep-and-drop rules as
 * {@code MemoryCheckpointImages}; rebuilt on open by replaying the log through {@link #apply}. Not
 * thread-safe: its store guards it.
 */
final class ImageIndex {
    /** One partition version and where its record lies. */
    record Version(int partition, long seq, RecordLocation location) {}

    private final Map<Integer, TreeMap<Long, RecordLocation>> versions = new HashMap<>();
    /**
     * The partitions with more than one version kept: the only ones {@link #forgetBelow} can drop
     * from. Walking every partition instead cost a replica holding a million keys (65,536
     * partitions) 17% of its time, at every stable checkpoint.
     */
    private final java.util.BitSet several = new java.util.BitSet();
    /** Versions of a put whose COMPLETE has not been replayed yet. */
    private final List<Version> pending = new ArrayList<>();
    private long oldest = -1;
    private long latest = -1;
    private long liveBytes;

    long oldest() {
        return oldest;
    }

    long latest() {
        return latest;
    }

    /** Bytes of the records of all kept versions. */
    long liveBytes() {
        return liveBytes;
    }

    /** The version of {@code partition} at or below {@code seq}, or null. */
    Version find(long seq, int partition) {
        TreeMap<Long, RecordLocation> mine = versions.get(partition);
        var entry = mine == null ? null : mine.floorEntry(seq);
        return entry == null ? null : new Version(partition, entry.getKey(), entry.getValue());
    }

    void add(Version v) {
        TreeMap<Long, RecordLocation> mine = versions.computeIfAbsent(v.partition(), k -> new TreeMap<>());
        RecordLocation old = mine.put(v.seq(), v.location());
        liveBytes += v.location().recordBytes() - (old == null ? 0 : old.recordBytes());
        if (mine.size() > 1) {
            several.set(v.partition());
        }
    }

    void complete(long seq) {
        latest = seq;
        if (oldest < 0) {
            oldest = seq;
        }
    }

    void forgetBelow(long seq) {
        if (seq <= oldest) {
            return;
        }
        dropBelowFloor(seq);
        oldest = seq;
    }

    /** Per partition, drops the versions below its latest one at or below {@code seq}. */
    private void dropBelowFloor(long seq) {
        for (int p = several.nextSetBit(0); p >= 0; p = several.nextSetBit(p + 1)) {
            TreeMap<Long, RecordLocation> mine = versions.get(p);
            Long keep = mine.floorKey(seq);
            if (keep != null) {
                drop(mine.headMap(keep, false)); // keeps the floor: the partition never empties here
            }
            if (mine.size() <= 1) {
                several.clear(p);
            }
        }
    }

    void discardAbove(long seq) {
        versions.forEach((p, mine) -> {
            drop(mine.tailMap(seq, false));
            if (mine.size() <= 1) {
                several.clear(p);
            }
        });
        versions.values().removeIf(Map::isEmpty);
        latest = Math.min(latest, seq);
    }

    private void drop(Map<Long, RecordLocation> doomed) {
        doomed.values().forEach(location -> liveBytes -= location.recordBytes());
        doomed.clear();
    }

    /** Moves {@code v} to {@code to} if it still lies where it did; returns whether it did. */
    boolean relocate(Version v, RecordLocation to) {
        TreeMap<Long, RecordLocation> mine = versions.get(v.partition());
        if (mine == null || !v.location().equals(mine.get(v.seq()))) {
            return false;
        }
        mine.put(v.seq(), to);
        liveBytes += to.recordBytes() - v.location().recordBytes();
        return true;
    }

    /**
     * Kept versions whose records lie below log index {@code index}, each partition's newest first:
     * copied in that order, a forgetBelow replayed between two copies never keeps an older version
     * the live index dropped (it drops versions only below one it already holds).
     */
    List<Version> locatedBelow(long index) {
        List<Version> found = new ArrayList<>();
        versions.forEach((p, mine) -> mine.forEach((seq, at) -> {
            if (at.index() < index) {
                found.add(new Version(p, seq, at));
            }
        }));
        found.sort(Comparator.comparingInt(Version::partition).thenComparing(Version::seq, Comparator.reverseOrder()));
        return found;
    }

    /** The lowest log index any kept version lies at, or Long.MAX_VALUE. */
    long lowestLocatedIndex() {
        long lowest = Long.MAX_VALUE;
        for (TreeMap<Long, RecordLocation> mine : versions.values()) {
            for (RecordLocation at : mine.values()) {
                lowest = Math.min(lowest, at.index());
            }
        }
        return lowest;
    }

    /** Replays one log record into the index. */
    void apply(byte[] payload, RecordLocation at) throws IOException {
        if (payload.length == 0) {
            throw new IOException("empty record " + at.index() + " in a checkpoint image log");
        }
        switch (payload[0]) {
            case ImageRecords.VERSION -> pending.add(versionAt(payload, at));
            case ImageRecords.MOVED -> add(versionAt(payload, at));
            case ImageRecords.COMPLETE -> completePending(ImageRecords.seqOf(payload), ImageRecords.secondOf(payload));
            case ImageRecords.FORGET -> forgetBelow(ImageRecords.seqOf(payload));
            case ImageRecords.DISCARD -> discardAbove(ImageRecords.seqOf(payload));
            case ImageRecords.STATE -> restoreBounds(ImageRecords.seqOf(payload), ImageRecords.secondOf(payload));
            default -> throw new IOException("record " + at.index() + " of unknown kind " + payload[0]);
        }
    }

    private static Version versionAt(byte[] payload, RecordLocation at) {
        return new Version(ImageRecords.partitionOf(payload), ImageRecords.seqOf(payload), at);
    }

    /** Versions written before {@code firstIndex} belong to a put that crashed and was redone. */
    private void completePending(long seq, long firstIndex) {
        for (Version v : pending) {
            if (v.seq() == seq && v.location().index() >= firstIndex) {
                add(v);
            }
        }
        pending.clear();
        complete(seq);
    }

    private void restoreBounds(long oldest, long latest) {
        this.oldest = oldest;
        this.latest = latest;
        if (oldest >= 0) {
            dropBelowFloor(oldest);
        }
    }
}
