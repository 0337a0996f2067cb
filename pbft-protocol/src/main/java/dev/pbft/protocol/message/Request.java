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
 * @param clientAuth the client's authenticator over {@code RequestDigest}: n MACs of 32 bytes,
 *                   the i-th for replica i; empty only in tests that bypass authentication
 */
public record Request(int client, long timestamp, Bytes operation, boolean readOnly, Bytes clientAuth)
        implements Message {
}
