package dev.pbft.replica.core;

import java.util.Map;

/**
 * The replicated state as it stood at each of this replica's checkpoints still needed: the bytes
 * of every partition, kept as versions so that a partition written at checkpoint 256 and not since
 * is stored once. Serves state transfer to replicas that fall behind while this replica executes
 * on, and is what a restarted replica loads. The core calls it from its one thread only.
 *
 * <p>Implementations: {@link MemoryCheckpointImages} (tests, simulator, in-memory mode) and a
 * disk-backed one in the runtime.
 */
public interface CheckpointImages {
    /**
     * Records the partitions that changed up to checkpoint {@code seq}, with their whole new bytes
     * (an empty array for a partition now empty). Calls come with increasing {@code seq}; a
     * partition not named keeps its bytes from the previous checkpoint.
     */
    void put(long seq, Map<Integer, byte[]> changed);

    /**
     * The bytes of partition {@code partition} as of checkpoint {@code seq}: its latest version at
     * or below {@code seq}; an empty array if it was never written.
     *
     * @throws IllegalArgumentException if {@code seq} is below the oldest checkpoint still kept
     */
    byte[] read(long seq, int partition);

    /** Versions that no checkpoint at or above {@code seq} needs may be dropped. */
    void forgetBelow(long seq);

    /** Forgets every version above {@code seq}: this replica's state there was wrong and is replaced. */
    void discardAbove(long seq);

    /** The highest checkpoint recorded, or -1 if none. */
    long latest();
}
