package dev.pbft.protocol;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.message.Request;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The digest that names a batch in PRE-PREPARE, PREPARE and COMMIT: SHA-256 over the number of
 * requests and each request's {@link RequestDigest}, in order. It is codec-independent, so the
 * replica core computes it without Kryo and a change of wire codec never changes what replicas
 * agree on; and since each request's digest is computed once and kept ({@link Request#digest()}),
 * a replica hashes a large operation once, not again for every batch digest it checks.
 */
public final class BatchDigest {
    private BatchDigest() {
    }

    /** Returns the digest of {@code batch}; the empty batch (the null request) has a digest too. */
    public static Bytes of(List<Request> batch) {
        ByteBuffer buf = ByteBuffer.allocate(4 + batch.size() * Digests.DIGEST_BYTES);
        buf.putInt(batch.size());
        for (Request r : batch) {
            buf.put(r.digest().backingArray());
        }
        return Bytes.wrap(Digests.sha256(buf.array()));
    }
}
