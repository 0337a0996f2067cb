package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * CHECKPOINT(n, d, i): {@code replica}'s service state after executing sequence number {@code seq}
 * has digest {@code stateDigest}. 2f+1 matching checkpoints make it stable.
 *
 * @param signature Ed25519 signature for checkpoint proofs shown to third parties, or empty
 */
public record Checkpoint(long seq, Bytes stateDigest, int replica, Bytes signature) implements Message {
}
