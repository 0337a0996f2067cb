package dev.pbft.replica.service;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.protocol.kv.KvResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The replicated key-value store: put, get, delete, compare-and-set (operations as encoded by
 * {@link KvCodec}). Keys are kept sorted so that snapshots, and so checkpoint digests, are the same
 * bytes on every replica. A malformed operation answers BAD_REQUEST and changes nothing.
 */
public final class KvService implements Service {
    private final TreeMap<Bytes, Bytes> entries = new TreeMap<>();

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

    private KvResult apply(KvOp op) {
        if (op instanceof KvOp.Put put) {
            entries.put(put.key(), put.value());
            return KvResult.ok();
        }
        if (op instanceof KvOp.Get get) {
            Bytes value = entries.get(get.key());
            return value == null ? KvResult.notFound() : KvResult.ok(value);
        }
        if (op instanceof KvOp.Delete delete) {
            return entries.remove(delete.key()) == null ? KvResult.notFound() : KvResult.ok();
        }
        KvOp.CompareAndSet cas = (KvOp.CompareAndSet) op;
        Optional<Bytes> current = Optional.ofNullable(entries.get(cas.key()));
        if (!current.equals(cas.expected())) {
            return KvResult.casFailed(current);
        }
        entries.put(cas.key(), cas.update());
        return KvResult.ok();
    }

    /** Number of keys; for tests and status lines. */
    public int size() {
        return entries.size();
    }

    @Override
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (Map.Entry<Bytes, Bytes> e : entries.entrySet()) {
                writeBytes(out, e.getKey());
                writeBytes(out, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void restore(byte[] snapshot) {
        TreeMap<Bytes, Bytes> restored = new TreeMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                restored.put(readBytes(in, snapshot.length), readBytes(in, snapshot.length));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a key-value snapshot: " + e.getMessage(), e);
        }
        entries.clear();
        entries.putAll(restored);
    }

    private static void writeBytes(DataOutputStream out, Bytes b) throws IOException {
        out.writeInt(b.length());
        out.write(b.backingArray());
    }

    private static Bytes readBytes(DataInputStream in, int bound) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > bound) {
            throw new IOException("length " + length + " out of bounds");
        }
        return Bytes.wrap(in.readNBytes(length));
    }
}
