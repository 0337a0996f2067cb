package dev.pbft.protocol;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.message.Request;
import java.nio.ByteBuffer;

/**
 * The digest a client authenticates a request by: SHA-256 over (client, timestamp, flags,
 * operation), independent of the wire codec. The flags ({@link Request#flags()}) are covered so
 * that no replica can change what the client asked for; the authenticator itself is not covered.
 */
public final class RequestDigest {
    private static final int HEADER_BYTES = 4 + 8 + 1 + 4;

    private RequestDigest() {
    }

    public static byte[] of(int client, long timestamp, boolean readOnly, Bytes operation) {
        return of(client, timestamp, Request.flags(readOnly, false), operation);
    }

    public static byte[] of(int client, long timestamp, byte flags, Bytes operation) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(client).putLong(timestamp).put(flags).putInt(operation.length());
        return Digests.sha256(header.array(), operation.backingArray());
    }
}
