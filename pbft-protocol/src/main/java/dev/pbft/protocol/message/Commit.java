package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/** COMMIT(v, n, d, i): {@code replica} has a prepared certificate for (view, seq, digest). */
public record Commit(long view, long seq, Bytes digest, int replica) implements Message {
}
