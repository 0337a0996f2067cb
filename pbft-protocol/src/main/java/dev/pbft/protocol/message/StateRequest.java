package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * Asks a replica for parts of the state at checkpoint {@code seq}, whose digest {@code root} the
 * requester already trusts from 2f+1 CHECKPOINTs or a NEW-VIEW. With {@code level} >= 1 it asks for
 * the children's digests of the partition-tree nodes {@code indexes} at that level; with level 0 for
 * the bytes of partitions {@code indexes}, the first of them from byte {@code offset} on.
 */
public record StateRequest(long seq, Bytes root, int level, List<Integer> indexes, long offset, int replica)
        implements Message {
    public StateRequest {
        Objects.requireNonNull(root, "root");
        indexes = List.copyOf(indexes);
    }
}
