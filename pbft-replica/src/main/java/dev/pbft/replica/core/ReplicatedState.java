package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.replica.service.PartitionedService;
import dev.pbft.replica.service.Service;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated state as numbered partitions: the service's (one, holding its whole snapshot, for
 * a plain {@link Service}) followed by the client table's. Keeps the {@link StateTree} over them
 * current at each {@link #refresh()}, reading only partitions written since the previous one.
 */
final class ReplicatedState {
    private final Service service;
    private final PartitionedService partitioned;
    private final ClientTable clients;
    private final int servicePartitions;
    private final StateTree tree;
    /** Partitions changed (by execution or by a transfer) since the last image was taken. */
    private final java.util.BitSet changedSinceImage = new java.util.BitSet();
    /**
     * Bytes of partitions read by {@link #refresh()} since the last image, kept for the image up to
     * {@link #READ_CACHE_BYTES_MAX} so that a checkpoint reads a partition once, not twice: with a
     * million keys the second read was a fifth of a replica's time. Beyond the bound the image
     * reads them again, so a large write still never holds a second copy of the state.
     */
    private Map<Integer, byte[]> readSinceImage = new java.util.HashMap<>();
    private long readSinceImageBytes;
    static final long READ_CACHE_BYTES_MAX = 8L << 20;

    ReplicatedState(Service service, ClientTable clients) {
        this.service = service;
        this.partitioned = service instanceof PartitionedService p ? p : null;
        this.clients = clients;
        this.servicePartitions = partitioned == null ? 1 : partitioned.partitionCount();
        this.tree = new StateTree(count());
        if (partitioned == null) {
            tree.setLeaf(0, service.snapshot()); // a plain service may start from a non-empty state
        }
    }

    int count() {
        return servicePartitions + ClientTable.PARTITIONS;
    }

    /** The tree as of the last {@link #refresh()}. */
    StateTree tree() {
        return tree;
    }

    byte[] read(int partition) {
        if (partition < servicePartitions) {
            return partitioned == null ? service.snapshot() : partitioned.readPartition(partition);
        }
        return clients.encode(partition - servicePartitions);
    }

    /**
     * Replaces one partition with bytes checked against its digest, and updates the tree.
     *
     * @throws IllegalArgumentException if the service or client table cannot decode them
     */
    void write(int partition, byte[] bytes) {
        if (partition >= servicePartitions) {
            clients.decode(partition - servicePartitions, bytes);
        } else if (partitioned == null) {
            service.restore(bytes);
        } else {
            partitioned.writePartition(partition, bytes);
        }
        tree.setLeaf(partition, bytes);
        changedSinceImage.set(partition); // read back when the image is taken: not held twice meanwhile
        dropRead(partition); // no longer what the partition holds
    }

    private void dropRead(int partition) {
        byte[] earlier = readSinceImage.remove(partition);
        readSinceImageBytes -= earlier == null ? 0 : earlier.length;
    }

    /**
     * The partitions changed since the previous call, with their current bytes: what a checkpoint
     * image records. Call right after {@link #refresh()}.
     */
    Map<Integer, byte[]> takeImageDelta() {
        java.util.BitSet delta = (java.util.BitSet) changedSinceImage.clone();
        changedSinceImage.clear();
        Map<Integer, byte[]> read = readSinceImage; // handed over, not copied
        readSinceImage = new java.util.HashMap<>();
        readSinceImageBytes = 0;
        return lazily(delta, read);
    }

    /** Every partition, for an image that cannot build on the previous one. */
    Map<Integer, byte[]> takeWholeImage() {
        takeImageDelta();
        java.util.BitSet all = new java.util.BitSet();
        all.set(0, count());
        return lazily(all, Map.of());
    }

    /**
     * The partitions in {@code which}, each read only when its value is asked for: after a state
     * transfer they may be the whole state, and an image store that writes one at a time then never
     * holds a second copy of it.
     */
    private Map<Integer, byte[]> lazily(java.util.BitSet which, Map<Integer, byte[]> alreadyRead) {
        return new java.util.AbstractMap<>() {
            @Override
            public java.util.Set<Entry<Integer, byte[]>> entrySet() {
                return new java.util.AbstractSet<>() {
                    @Override
                    public java.util.Iterator<Entry<Integer, byte[]>> iterator() {
                        java.util.PrimitiveIterator.OfInt it = which.stream().iterator();
                        return new java.util.Iterator<>() {
                            @Override
                            public boolean hasNext() {
                                return it.hasNext();
                            }

                            @Override
                            public Entry<Integer, byte[]> next() {
                                int p = it.nextInt();
                                byte[] bytes = alreadyRead.get(p);
                                return new SimpleImmutableEntry<>(p, bytes != null ? bytes : read(p));
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return which.cardinality();
                    }
                };
            }
        };
    }

    /**
     * Replaces the state with checkpoint image {@code seq}; the image holds it, so nothing is left
     * for the next image to record.
     *
     * @throws IllegalStateException if a partition cannot be read or decoded
     */
    void load(CheckpointImages images, long seq) {
        try {
            for (int p = 0; p < count(); p++) {
                byte[] bytes = images.read(seq, p);
                if (bytes.length > 0) {
                    write(p, bytes);
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("checkpoint image " + seq + " cannot be loaded: " + e.getMessage(), e);
        }
        takeImageDelta();
    }

    /**
     * Reads and digests the partitions written since the previous call, one at a time, brings the
     * tree up to date and returns the state digest. The partitions read are kept for the next image
     * up to a bound; beyond it the image reads them again.
     */
    Bytes refresh() {
        if (partitioned == null) {
            refreshOne(0, service.snapshot());
        } else {
            partitioned.drainChanged(p -> refreshOne(p, partitioned.readPartition(p)));
        }
        clients.drainChanged(p -> refreshOne(servicePartitions + p, clients.encode(p)));
        return tree.root();
    }

    private void refreshOne(int partition, byte[] bytes) {
        tree.setLeaf(partition, bytes);
        changedSinceImage.set(partition);
        dropRead(partition);
        if (readSinceImageBytes + bytes.length <= READ_CACHE_BYTES_MAX) {
            readSinceImage.put(partition, bytes);
            readSinceImageBytes += bytes.length;
        }
    }
}
