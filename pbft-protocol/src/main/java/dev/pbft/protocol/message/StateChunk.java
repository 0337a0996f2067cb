package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link StateRequest}: pieces of tree nodes (level >= 1: the children's digests)
 * or of partitions (level 0), in the order asked. The requester checks each node and each whole
 * partition against the digest its parent gave before using it.
 */
public record StateChunk(long seq, Bytes root, int level, List<Piece> pieces, int replica) implements Message {
    public StateChunk {
        Objects.requireNonNull(root, "root");
        pieces = List.copyOf(pieces);
    }

    /**
     * Bytes {@code offset} to {@code offset + data.length()} of node or partition {@code index},
     * which is {@code totalBytes} long.
     */
    public record Piece(int index, long offset, long totalBytes, Bytes data) {
        public Piece {
            Objects.requireNonNull(data, "data");
        }
    }
}
