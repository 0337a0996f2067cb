package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * REPLY(v, t, c, i, r): the result of the client's request with {@code timestamp}, as executed by
 * {@code replica} in {@code view}. A client accepts a result on f+1 matching replies, at least one
 * of them whole; 2f+1 for a read on the read-only path.
 *
 * @param resultDigest whether {@code result} is the SHA-256 of the result rather than the result
 *                     ({@code reply.digests}, OSDI'99 section 5.1): one replica answers a request
 *                     whole and the others with the digest, which counts towards the f+1 as the
 *                     whole result it names
 * @param read         whether it answers a read-only request on the read-only path
 *                     ({@code request.read-only}), run outside the order: a client counts such
 *                     replies for the read only, never for the same timestamp once ordered
 */
public record Reply(long view, long timestamp, int client, int replica, Bytes result, boolean resultDigest,
                    boolean read) implements Message {
    /** Bit of the wire's flags byte for {@link #resultDigest()}. */
    public static final int RESULT_DIGEST = 1;
    /** Bit of the wire's flags byte for {@link #read()}. */
    public static final int READ = 2;

    /** A reply to an ordered request with the whole result. */
    public Reply(long view, long timestamp, int client, int replica, Bytes result) {
        this(view, timestamp, client, replica, result, false, false);
    }

    /** A reply to an ordered request, with the whole result or its digest. */
    public Reply(long view, long timestamp, int client, int replica, Bytes result, boolean resultDigest) {
        this(view, timestamp, client, replica, result, resultDigest, false);
    }
}
