package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * PREPARE(v, n, d, i): backup {@code replica} accepted the pre-prepare for (view, seq) with this
 * digest.
 */
public record Prepare(long view, long seq, Bytes digest, int replica) implements Message {
}
