package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * REPLY(v, t, c, i, r): the result of the client's request with {@code timestamp}, as executed by
 * {@code replica} in {@code view}. A client accepts a result on f+1 matching replies, at least one
 * of them whole.
 *
 * @param resultDigest whether {@code result} is the SHA-256 of the result rather than the result
 *                     ({@code reply.digests}, OSDI'99 section 5.1): one replica answers a request
 *                     whole and the others with the digest, which counts towards the f+1 as the
 *                     whole result it names
 */
public record Reply(long view, long timestamp, int client, int replica, Bytes result, boolean resultDigest)
        implements Message {
    /** A reply with the whole result. */
    public Reply(long view, long timestamp, int client, int replica, Bytes result) {
        this(view, timestamp, client, replica, result, false);
    }
}
