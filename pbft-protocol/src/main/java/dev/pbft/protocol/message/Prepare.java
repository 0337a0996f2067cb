package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * PREPARE(v, n, d, i): backup {@code replica} accepted the pre-prepare for (view, seq) with this
 * digest.
 *
 * @param signature Ed25519 signature for use in prepared certificates, or empty
 */
public record Prepare(long view, long seq, Bytes digest, int replica, Bytes signature) implements Message {
}
