package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * One chunk of the snapshot at checkpoint {@code seq}. The requester assembles all
 * {@code chunkCount} chunks and checks the whole against {@code stateDigest} before restoring.
 */
public record StateChunk(long seq, Bytes stateDigest, int chunkIndex, int chunkCount, Bytes data, int replica)
        implements Message {
}
