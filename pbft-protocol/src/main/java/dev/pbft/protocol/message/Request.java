package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.RequestDigest;
import java.util.Objects;

/**
 * REQUEST(o, t, c): a client's operation. Timestamps of one client strictly increase; a replica
 * executes each (client, timestamp) at most once.
 *
 * <p>The link MAC only proves who forwarded a request, so a request carries its client's own
 * authenticator: every replica, including a backup that sees it only inside a PRE-PREPARE, checks
 * the entry addressed to it, so a faulty primary cannot invent requests.
 *
 * <p>Its parts:
 * <ul>
 *   <li>{@code client}: the client principal;</li>
 *   <li>{@code timestamp}: the client's request number, strictly increasing per client;</li>
 *   <li>{@code operation}: the opaque operation for the replicated service;</li>
 *   <li>{@code readOnly}: whether the client asks for the read-only path; never silently
 *       ordered;</li>
 *   <li>{@code replyAll}: whether every replica should answer once it executes the request, not
 *       only the f+1 designated ones ({@code reply.designated}); a client that had to retransmit
 *       recently asks for this, so that one replica withholding its reply costs it no further
 *       retransmissions;</li>
 *   <li>{@code clientAuth}: the client's authenticator over {@link #digest()}: n MACs of 32
 *       bytes, the i-th for replica i; empty only in tests that bypass authentication.</li>
 * </ul>
 *
 * <p>Immutable; equal when all six parts are.
 */
public final class Request implements Message {
    /** Bit of {@link #flags()} for {@link #readOnly()}. */
    public static final int READ_ONLY = 1;
    /** Bit of {@link #flags()} for {@link #replyAll()}. */
    public static final int REPLY_ALL = 2;

    private final int client;
    private final long timestamp;
    private final Bytes operation;
    private final boolean readOnly;
    private final boolean replyAll;
    private final Bytes clientAuth;
    /**
     * {@link RequestDigest} of this request, computed on first use: a replica needs it to check the
     * client's MAC, to name the request in endorsements and digest PRE-PREPAREs and to compute batch
     * digests; hashing a large operation once instead of at each of those saves a replica several
     * SHA-256 passes over it. A racy first use computes the same value twice, harmlessly.
     */
    private Bytes digest;

    public Request(int client, long timestamp, Bytes operation, boolean readOnly, boolean replyAll,
                   Bytes clientAuth) {
        this.client = client;
        this.timestamp = timestamp;
        this.operation = operation;
        this.readOnly = readOnly;
        this.replyAll = replyAll;
        this.clientAuth = clientAuth;
    }

    /** A request answered by the designated replicas alone ({@code replyAll} false). */
    public Request(int client, long timestamp, Bytes operation, boolean readOnly, Bytes clientAuth) {
        this(client, timestamp, operation, readOnly, false, clientAuth);
    }

    public int client() {
        return client;
    }

    public long timestamp() {
        return timestamp;
    }

    public Bytes operation() {
        return operation;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public boolean replyAll() {
        return replyAll;
    }

    public Bytes clientAuth() {
        return clientAuth;
    }

    /** {@link RequestDigest} of this request (the authenticator is not covered); computed once. */
    public Bytes digest() {
        Bytes d = digest;
        if (d == null) {
            d = Bytes.wrap(RequestDigest.of(client, timestamp, flags(), operation));
            digest = d;
        }
        return d;
    }

    /** The two flags in one byte, as the wire and the digests carry them. */
    public byte flags() {
        return flags(readOnly, replyAll);
    }

    public static byte flags(boolean readOnly, boolean replyAll) {
        return (byte) ((readOnly ? READ_ONLY : 0) | (replyAll ? REPLY_ALL : 0));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Request r && client == r.client && timestamp == r.timestamp
                && readOnly == r.readOnly && replyAll == r.replyAll && Objects.equals(operation, r.operation)
                && Objects.equals(clientAuth, r.clientAuth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(client, timestamp, operation, readOnly, replyAll, clientAuth);
    }

    @Override
    public String toString() {
        return "Request[client=" + client + ", timestamp=" + timestamp + ", operation=" + operation
                + ", readOnly=" + readOnly + ", replyAll=" + replyAll + ", clientAuth=" + clientAuth + "]";
    }
}
