package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * REQUEST(o, t, c): a client's operation. Timestamps of one client strictly increase; a replica
 * executes each (client, timestamp) at most once.
 *
 * <p>The link MAC only proves who forwarded a request, so a request carries its client's own
 * authenticator: every replica, including a backup that sees it only inside a PRE-PREPARE, checks
 * the entry addressed to it, so a faulty primary cannot invent requests.
 *
 * @param client     the client principal
 * @param timestamp  the client's request number, strictly increasing per client
 * @param operation  the opaque operation for the replicated service
 * @param readOnly   whether the client asks for the read-only path; never silently ordered
 * @param replyAll   whether every replica should answer once it executes the request, not only the
 *                   f+1 designated ones ({@code reply.designated}); a client that had to retransmit
 *                   recently asks for this, so that one replica withholding its reply costs it
 *                   no further retransmissions
 * @param clientAuth the client's authenticator over {@code RequestDigest}: n MACs of 32 bytes,
 *                   the i-th for replica i; empty only in tests that bypass authentication
 */
public record Request(int client, long timestamp, Bytes operation, boolean readOnly, boolean replyAll,
                      Bytes clientAuth) implements Message {
    /** Bit of {@link #flags()} for {@link #readOnly()}. */
    public static final int READ_ONLY = 1;
    /** Bit of {@link #flags()} for {@link #replyAll()}. */
    public static final int REPLY_ALL = 2;

    /** A request answered by the designated replicas alone ({@code replyAll} false). */
    public Request(int client, long timestamp, Bytes operation, boolean readOnly, Bytes clientAuth) {
        this(client, timestamp, operation, readOnly, false, clientAuth);
    }

    /** The two flags in one byte, as the wire and the digests carry them. */
    public byte flags() {
        return flags(readOnly, replyAll);
    }

    public static byte flags(boolean readOnly, boolean replyAll) {
        return (byte) ((readOnly ? READ_ONLY : 0) | (replyAll ? REPLY_ALL : 0));
    }
}
