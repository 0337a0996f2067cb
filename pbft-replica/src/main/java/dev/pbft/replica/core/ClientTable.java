package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Per-client exactly-once state, part of the replicated state (its bytes go into checkpoint
 * digests). A client keeps at most W requests in flight, so a replica remembers, per client, the
 * results of the requests whose timestamps lie within W of the highest executed one. Anything
 * older is treated as executed long ago: never executed again, and its reply is no longer kept.
 *
 * <p>Each client's results sit in a ring of W slots indexed by timestamp mod W. A slot is only
 * overwritten by a timestamp at least W newer, and by then the old one counts as old anyway, so
 * every lookup and update is O(1). Bounded: W results per client.
 *
 * <p>Each kept result carries a fingerprint of the operation it answers, so that a request reusing
 * an executed timestamp for another operation is told apart from a retransmission: it gets
 * neither the other operation's result nor an execution.
 */
final class ClientTable {
    private final int window;
    private final Map<Integer, Record> records = new HashMap<>();
    private final BitSet changed = new BitSet();

    ClientTable(int window) {
        this.window = window;
    }

    private static final class Record {
        long maxExecuted = Long.MIN_VALUE;
        final long[] timestamps;
        final long[] operations;
        final Bytes[] results;

        Record(int window) {
            timestamps = new long[window];
            Arrays.fill(timestamps, -1);
            operations = new long[window];
            results = new Bytes[window];
        }
    }

    /** Whether {@code timestamp} of {@code client} was executed (or is too old to execute). */
    boolean isDone(int client, long timestamp) {
        Record r = records.get(client);
        return r != null && (isOld(r, timestamp) || r.timestamps[slot(timestamp)] == timestamp);
    }

    /**
     * The cached result for a retransmission of {@code operation} at {@code timestamp}, or null if
     * none is kept or the timestamp answered another operation.
     */
    Bytes cachedResult(int client, long timestamp, Bytes operation) {
        Record r = records.get(client);
        int i = keptSlot(r, timestamp);
        return i >= 0 && r.operations[i] == fingerprint(operation) ? r.results[i] : null;
    }

    /** Whether {@code timestamp} of {@code client} is kept as executed for another operation. */
    boolean executedOther(int client, long timestamp, Bytes operation) {
        Record r = records.get(client);
        int i = keptSlot(r, timestamp);
        return i >= 0 && r.operations[i] != fingerprint(operation);
    }

    /** The slot holding {@code timestamp}'s result in {@code r}, or -1; the fingerprint is only computed on a hit. */
    private int keptSlot(Record r, long timestamp) {
        if (r == null || isOld(r, timestamp)) {
            return -1;
        }
        int i = slot(timestamp);
        return r.timestamps[i] == timestamp ? i : -1;
    }

    /**
     * A deterministic 64-bit fingerprint of an operation: its CRC-32C and its length. Not meant to
     * resist a client that searches for collisions: such a client can only confuse itself.
     */
    static long fingerprint(Bytes operation) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(operation.backingArray(), 0, operation.length());
        return (crc.getValue() << 32) | operation.length();
    }

    void recordExecuted(int client, long timestamp, Bytes operation, Bytes result) {
        Record r = records.computeIfAbsent(client, c -> new Record(window));
        int i = slot(timestamp);
        r.timestamps[i] = timestamp;
        r.operations[i] = fingerprint(operation);
        r.results[i] = result;
        r.maxExecuted = Math.max(r.maxExecuted, timestamp);
        changed.set(Math.floorMod(client, PARTITIONS));
    }

    private boolean isOld(Record r, long timestamp) {
        return r.maxExecuted != Long.MIN_VALUE && timestamp <= r.maxExecuted - window;
    }

    private int slot(long timestamp) {
        return (int) Math.floorMod(timestamp, (long) window);
    }

    /** Partitions of the table in the replicated state; a client lives in partition id mod this. */
    static final int PARTITIONS = 64;

    /** Hands every partition whose clients executed something since the previous call to {@code sink}. */
    void drainChanged(IntConsumer sink) {
        for (int p = changed.nextSetBit(0); p >= 0; p = changed.nextSetBit(p + 1)) {
            sink.accept(p);
        }
        changed.clear();
    }

    /**
     * A canonical encoding of one partition, for checkpoint digests and state transfer: its
     * clients in principal order, each with its highest executed timestamp and the kept results in
     * timestamp order.
     */
    byte[] encode(int partition) {
        List<Integer> clients = new ArrayList<>();
        for (int client : records.keySet()) {
            if (Math.floorMod(client, PARTITIONS) == partition) {
                clients.add(client);
            }
        }
        if (clients.isEmpty()) {
            return new byte[0];
        }
        Collections.sort(clients);
        // Sized up front and written once: a partition is re-encoded at every checkpoint after its
        // clients executed anything, up to W results each, and a growing stream would copy it over.
        int size = Integer.BYTES;
        for (int client : clients) {
            size = Math.addExact(size, recordBytes(records.get(client)));
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(clients.size());
        for (int client : clients) {
            encodeRecord(out, client, records.get(client));
        }
        return out.array();
    }

    private int recordBytes(Record r) {
        int size = Integer.BYTES + Long.BYTES + Integer.BYTES;
        for (long t = firstKept(r); t >= 0 && t <= r.maxExecuted; t++) {
            int i = slot(t);
            if (r.timestamps[i] == t) {
                size = Math.addExact(size, Long.BYTES + Long.BYTES + Integer.BYTES + r.results[i].length());
            }
        }
        return size;
    }

    private void encodeRecord(ByteBuffer out, int client, Record r) {
        out.putInt(client);
        out.putLong(r.maxExecuted);
        int countAt = out.position();
        out.putInt(0);
        int kept = 0;
        for (long t = firstKept(r); t >= 0 && t <= r.maxExecuted; t++) {
            int i = slot(t);
            if (r.timestamps[i] == t) {
                Bytes result = r.results[i];
                out.putLong(t).putLong(r.operations[i]).putInt(result.length()).put(result.backingArray());
                kept++;
            }
        }
        out.putInt(countAt, kept);
    }

    /**
     * The lowest timestamp {@code r} may keep: the kept ones are the non-negative timestamps within
     * W of the highest executed, each in its slot, so walking them in order needs no sorting.
     */
    private long firstKept(Record r) {
        return r.maxExecuted == Long.MIN_VALUE ? -1 : Math.max(0, r.maxExecuted - window + 1);
    }

    /**
     * Replaces partition {@code partition} with bytes from {@link #encode(int)}.
     *
     * @throws IllegalArgumentException if they are not such bytes
     */
    void decode(int partition, byte[] encoded) {
        Map<Integer, Record> restored = new HashMap<>();
        try {
            ByteBuffer buf = ByteBuffer.wrap(encoded);
            int clientCount = encoded.length == 0 ? 0 : buf.getInt();
            for (int c = 0; c < clientCount; c++) {
                int client = buf.getInt();
                if (Math.floorMod(client, PARTITIONS) != partition) {
                    throw new IllegalArgumentException("client " + client + " does not belong here");
                }
                restored.put(client, decodeRecord(buf));
            }
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("not a client table partition", e);
        }
        records.keySet().removeIf(client -> Math.floorMod(client, PARTITIONS) == partition);
        records.putAll(restored);
    }

    private Record decodeRecord(ByteBuffer buf) {
        Record r = new Record(window);
        r.maxExecuted = buf.getLong();
        int kept = buf.getInt();
        for (int k = 0; k < kept; k++) {
            long timestamp = buf.getLong();
            long operation = buf.getLong();
            byte[] result = new byte[buf.getInt()];
            buf.get(result);
            int i = slot(timestamp);
            r.timestamps[i] = timestamp;
            r.operations[i] = operation;
            r.results[i] = Bytes.wrap(result);
        }
        return r;
    }
}
