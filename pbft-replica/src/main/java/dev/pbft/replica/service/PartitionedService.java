package dev.pbft.replica.service;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntConsumer;

/**
 * A service whose state is split into a fixed number of partitions (PBFT's pages), so that a
 * checkpoint digests only the partitions written since the last one and a replica that falls behind
 * fetches only the partitions whose digests differ from its own.
 *
 * <p>Contract, on top of {@link Service}'s: {@link #partitionCount()} never changes for the life of
 * the service and is the same on every replica. {@link #readPartition} returns canonical bytes:
 * replicas whose partitions hold the same data return equal bytes. {@link #drainChanged} reports
 * every partition written since its previous call (reporting an unchanged one costs only time;
 * leaving out a changed one makes this replica's checkpoint digests stale and its state transfers
 * fail). A good partition function spreads writes: a partition is re-read whole when any part of it
 * changes.
 */
public interface PartitionedService extends Service {
    /** How many partitions the state has, numbered 0 to count-1. */
    int partitionCount();

    /** The canonical bytes of {@code partition}; an empty array for an empty partition. */
    byte[] readPartition(int partition);

    /**
     * Replaces {@code partition} with bytes that {@link #readPartition} returned on some replica
     * (checked against a digest 2f+1 replicas agree on). Must not report it through
     * {@link #drainChanged}: the replica knows.
     */
    void writePartition(int partition, byte[] bytes);

    /** Hands every partition written since the previous call to {@code changed}, each once. */
    void drainChanged(IntConsumer changed);

    /** Every partition, each length-prefixed; fine for tests, O(state). */
    @Override
    default byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int p = 0; p < partitionCount(); p++) {
                byte[] part = readPartition(p);
                out.writeInt(part.length);
                out.write(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    default void restore(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(snapshot))) {
            for (int p = 0; p < partitionCount(); p++) {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IllegalArgumentException("partition " + p + ": length " + length + " out of bounds");
                }
                writePartition(p, in.readNBytes(length));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a partitioned snapshot: " + e.getMessage(), e);
        }
    }
}
