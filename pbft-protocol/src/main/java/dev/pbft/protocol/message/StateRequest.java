package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * Asks a replica for chunk {@code chunkIndex} of the service snapshot at stable checkpoint
 * {@code seq}, whose digest the requester already trusts from a checkpoint proof.
 */
public record StateRequest(long seq, Bytes stateDigest, int chunkIndex, int replica) implements Message {
}
