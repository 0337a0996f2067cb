package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-client exactly-once state, part of the replicated state (its bytes go into checkpoint
 * digests). A client keeps at most W requests in flight, so a replica remembers, per client, the
 * results of the requests whose timestamps lie within W of the highest executed one. Anything
 * older is treated as executed long ago: never executed again, and its reply is no longer kept.
 * Bounded: at most W results per client.
 */
final class ClientTable {
    private final int window;
    private final Map<Integer, Record> records = new TreeMap<>();

    ClientTable(int window) {
        this.window = window;
    }

    private static final class Record {
        long maxExecuted = Long.MIN_VALUE;
        final TreeMap<Long, Bytes> results = new TreeMap<>();
    }

    /** Whether {@code timestamp} of {@code client} was executed (or is too old to execute). */
    boolean isDone(int client, long timestamp) {
        Record r = records.get(client);
        return r != null && (isOld(r, timestamp) || r.results.containsKey(timestamp));
    }

    /** The cached result for a retransmitted request, or null if none is kept. */
    Bytes cachedResult(int client, long timestamp) {
        Record r = records.get(client);
        return r == null ? null : r.results.get(timestamp);
    }

    void recordExecuted(int client, long timestamp, Bytes result) {
        Record r = records.computeIfAbsent(client, c -> new Record());
        r.results.put(timestamp, result);
        if (timestamp > r.maxExecuted) {
            r.maxExecuted = timestamp;
            r.results.headMap(timestamp - window, true).clear();
        }
    }

    private boolean isOld(Record r, long timestamp) {
        return r.maxExecuted != Long.MIN_VALUE && timestamp <= r.maxExecuted - window;
    }

    /** A canonical encoding of the whole table, for checkpoint digests and state transfer. */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(records.size());
            for (Map.Entry<Integer, Record> e : records.entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue().maxExecuted);
                out.writeInt(e.getValue().results.size());
                for (Map.Entry<Long, Bytes> result : e.getValue().results.entrySet()) {
                    out.writeLong(result.getKey());
                    out.writeInt(result.getValue().length());
                    out.write(result.getValue().backingArray());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
