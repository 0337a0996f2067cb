package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * CHECKPOINT(n, d, i): {@code replica}'s service state after executing sequence number {@code seq}
 * has digest {@code stateDigest}. 2f+1 matching checkpoints make it stable.
 */
public record Checkpoint(long seq, Bytes stateDigest, int replica) implements Message {
}
