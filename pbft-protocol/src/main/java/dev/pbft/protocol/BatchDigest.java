package dev.pbft.protocol;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.message.Request;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The digest that names a batch in PRE-PREPARE, PREPARE and COMMIT: SHA-256 over a canonical,
 * codec-independent encoding of the requests, so the replica core can compute it without Kryo and
 * a change of wire codec never changes what replicas agree on.
 */
public final class BatchDigest {
    private static final int REQUEST_HEADER_BYTES = 4 + 8 + 1 + 4;

    private BatchDigest() {
    }

    /** Returns the digest of {@code batch}; the empty batch (the null request) has a digest too. */
    public static Bytes of(List<Request> batch) {
        int size = 4;
        for (Request r : batch) {
            size += REQUEST_HEADER_BYTES + r.operation().length();
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(batch.size());
        for (Request r : batch) {
            buf.putInt(r.client()).putLong(r.timestamp()).put(r.flags());
            buf.putInt(r.operation().length()).put(r.operation().backingArray());
        }
        return Bytes.wrap(Digests.sha256(buf.array()));
    }
}
