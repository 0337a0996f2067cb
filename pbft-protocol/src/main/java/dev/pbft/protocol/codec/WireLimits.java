package dev.pbft.protocol.codec;

/**
 * Bounds on everything a decoder reads off the wire. Every length, count and principal read from
 * a peer is checked against one of these, and against the bytes actually left in the frame, before
 * anything is allocated, so a peer can never make us allocate more than a frame's worth.
 *
 * @param principalCount  replicas plus clients; principals are 0..principalCount-1
 * @param replicaCount    n
 * @param requestBytesMax largest client operation
 * @param resultBytesMax  largest reply result
 * @param batchRequestsMax largest batch in a pre-prepare
 * @param windowSize      largest number of certificates in a view change or pre-prepares in a new view
 * @param frameBytesMax   largest frame, length prefix excluded
 */
public record WireLimits(int principalCount, int replicaCount, int requestBytesMax, int resultBytesMax,
                         int batchRequestsMax, int windowSize, int frameBytesMax) {
    public static final int DIGEST_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;
    public static final int MAC_BYTES = 32;
    /** Digests a VIEW-CHANGE's Q set names per sequence number; replicas keep no more. */
    public static final int PRE_PREPARED_PER_SEQ_MAX = 4;
    /** Tree nodes or partitions one state request names, and pieces one answer carries. */
    public static final int STATE_INDEXES_MAX = 1024;
    /** Levels of a partition tree: 256-way fan-out covers 2^31 partitions in 4. */
    public static final int STATE_LEVELS_MAX = 8;
    /** The largest single partition a replica accepts in a state transfer. */
    public static final long STATE_PART_BYTES_MAX = 1L << 30;

    public WireLimits {
        if (replicaCount < 1 || principalCount < replicaCount) {
            throw new IllegalArgumentException("need 1 <= replicaCount <= principalCount");
        }
        if (requestBytesMax < 1 || resultBytesMax < 1 || batchRequestsMax < 1 || windowSize < 1
                || frameBytesMax < 64) {
            throw new IllegalArgumentException("wire limits must be positive: " + this);
        }
    }

    /** The largest state-transfer chunk that still fits in a frame with its header and MACs. */
    public int stateChunkBytesMax() {
        return frameBytesMax - 1024 - replicaCount * 48;
    }
}
