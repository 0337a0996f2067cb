package dev.pbft.replica.service;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.protocol.kv.KvResult;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * The replicated key-value store: put, get, delete, compare-and-set (operations as encoded by
 * {@link KvCodec}). A malformed operation answers BAD_REQUEST and changes nothing.
 *
 * <p>Keys live in {@link #DEFAULT_PARTITIONS} partitions by a fixed hash of the key, each sorted,
 * so a partition's bytes are the same on every replica and a checkpoint re-reads only the
 * partitions written since the last one. The store holds at most {@code bytesMax} bytes of keys
 * and values; a write beyond that answers FULL and changes nothing, so a store never grows until
 * the heap breaks the replica (every replica refuses the same write: the count is replicated).
 */
public final class KvService implements PartitionedService {
    /** Partitions of the default store: at 1 M keys about 15 keys each. */
    public static final int DEFAULT_PARTITIONS = 1 << 16;
    /** Bytes of keys and values the default store holds. */
    public static final long DEFAULT_BYTES_MAX = 256L << 20;
    /** What an entry costs in the heap beyond its key and value bytes: map node and two wrappers. */
    public static final long ENTRY_OVERHEAD_BYTES = 96;

    private final TreeMap<Bytes, Bytes>[] partitions;
    private final BitSet changed = new BitSet();
    private final long bytesMax;
    private long bytes;
    private int size;

    /** A store with {@link #DEFAULT_PARTITIONS} partitions holding at most {@link #DEFAULT_BYTES_MAX}. */
    public KvService() {
        this(DEFAULT_PARTITIONS, DEFAULT_BYTES_MAX);
    }

    /**
     * @param partitionCount partitions; the same on every replica of a group
     * @param bytesMax       most bytes of keys and values (plus {@link #ENTRY_OVERHEAD_BYTES} per entry)
     *                       the store holds; the same on every replica of a group
     */
    @SuppressWarnings("unchecked")
    public KvService(int partitionCount, long bytesMax) {
        if (partitionCount < 1 || bytesMax < 0) {
            throw new IllegalArgumentException("partitionCount must be >= 1 and bytesMax >= 0");
        }
        this.partitions = new TreeMap[partitionCount];
        this.bytesMax = bytesMax;
    }

    @Override
    public byte[] execute(ExecutionContext context, byte[] operation) {
        KvOp op;
        try {
            op = KvCodec.decode(operation);
        } catch (IllegalArgumentException e) {
            return KvCodec.encodeResult(KvResult.badRequest(e.getMessage()));
        }
        return KvCodec.encodeResult(apply(op));
    }

    /** A GET only reads; every other operation, and bytes that are no operation, are ordered. */
    @Override
    public boolean isReadOnly(byte[] operation) {
        try {
            return KvCodec.decode(operation) instanceof KvOp.Get;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private KvResult apply(KvOp op) {
        if (op instanceof KvOp.Put put) {
            return write(put.key(), put.value());
        }
        if (op instanceof KvOp.Get get) {
            Bytes value = get(get.key());
            return value == null ? KvResult.notFound() : KvResult.ok(value);
        }
        if (op instanceof KvOp.Delete delete) {
            return remove(delete.key()) ? KvResult.ok() : KvResult.notFound();
        }
        KvOp.CompareAndSet cas = (KvOp.CompareAndSet) op;
        Optional<Bytes> current = Optional.ofNullable(get(cas.key()));
        if (!current.equals(cas.expected())) {
            return KvResult.casFailed(current);
        }
        return write(cas.key(), cas.update());
    }

    private Bytes get(Bytes key) {
        TreeMap<Bytes, Bytes> part = partitions[partitionOf(key)];
        return part == null ? null : part.get(key);
    }

    private KvResult write(Bytes key, Bytes value) {
        int p = partitionOf(key);
        TreeMap<Bytes, Bytes> part = partitions[p];
        Bytes old = part == null ? null : part.get(key);
        long grown = value.length() - (old == null ? -key.length() - ENTRY_OVERHEAD_BYTES : old.length());
        if (grown > 0 && bytes + grown > bytesMax) {
            return KvResult.full("the store holds " + bytes + " of its " + bytesMax + " bytes; this write needs "
                    + grown + " more");
        }
        if (part == null) {
            part = partitions[p] = new TreeMap<>();
        }
        part.put(key, value);
        bytes += grown;
        size += old == null ? 1 : 0;
        changed.set(p);
        return KvResult.ok();
    }

    private boolean remove(Bytes key) {
        int p = partitionOf(key);
        TreeMap<Bytes, Bytes> part = partitions[p];
        Bytes old = part == null ? null : part.remove(key);
        if (old == null) {
            return false;
        }
        bytes -= key.length() + old.length() + ENTRY_OVERHEAD_BYTES;
        size--;
        changed.set(p);
        return true;
    }

    /** A fixed mix of the key's bytes: the same partition on every replica and every JVM. */
    private int partitionOf(Bytes key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return Math.floorMod(h, partitions.length);
    }

    /** Number of keys; for tests and status lines. */
    public int size() {
        return size;
    }

    /** Bytes of keys and values held, as counted against the limit. */
    public long bytes() {
        return bytes;
    }

    @Override
    public int partitionCount() {
        return partitions.length;
    }

    /** Entries in key order: count, then (key length, key, value length, value) each. */
    @Override
    public byte[] readPartition(int partition) {
        TreeMap<Bytes, Bytes> part = partitions[partition];
        if (part == null || part.isEmpty()) {
            return new byte[0];
        }
        int length = 4;
        for (Map.Entry<Bytes, Bytes> e : part.entrySet()) {
            length += 8 + e.getKey().length() + e.getValue().length();
        }
        ByteBuffer out = ByteBuffer.allocate(length).putInt(part.size());
        for (Map.Entry<Bytes, Bytes> e : part.entrySet()) {
            out.putInt(e.getKey().length()).put(e.getKey().backingArray());
            out.putInt(e.getValue().length()).put(e.getValue().backingArray());
        }
        return out.array();
    }

    @Override
    public void writePartition(int partition, byte[] encoded) {
        TreeMap<Bytes, Bytes> restored = decode(encoded);
        TreeMap<Bytes, Bytes> old = partitions[partition];
        if (old != null) {
            for (Map.Entry<Bytes, Bytes> e : old.entrySet()) {
                bytes -= e.getKey().length() + e.getValue().length() + ENTRY_OVERHEAD_BYTES;
            }
            size -= old.size();
        }
        for (Map.Entry<Bytes, Bytes> e : restored.entrySet()) {
            bytes += e.getKey().length() + e.getValue().length() + ENTRY_OVERHEAD_BYTES;
        }
        size += restored.size();
        partitions[partition] = restored.isEmpty() ? null : restored;
    }

    private static TreeMap<Bytes, Bytes> decode(byte[] encoded) {
        TreeMap<Bytes, Bytes> out = new TreeMap<>();
        if (encoded.length == 0) {
            return out;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(encoded);
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                out.put(field(in), field(in));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last entry");
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a key-value partition: " + e.getMessage(), e);
        }
        return out;
    }

    private static Bytes field(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("length " + length + " out of bounds");
        }
        byte[] b = new byte[length];
        in.get(b);
        return Bytes.wrap(b);
    }

    @Override
    public void drainChanged(IntConsumer sink) {
        for (int p = changed.nextSetBit(0); p >= 0; p = changed.nextSetBit(p + 1)) {
            sink.accept(p);
        }
        changed.clear();
    }
}
