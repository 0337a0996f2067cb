package dev.pbft.replica.storage;

/**
 * Where one record of a {@link SegmentedLog} lies: its index (which names its segment), the byte
 * offset of its header inside that segment, and its payload length.
 */
public record RecordLocation(long index, long offsetBytes, int payloadBytes) {
    /** Bytes the record occupies on disk, header included. */
    public long recordBytes() {
        return Frames.HEADER_BYTES + (long) payloadBytes;
    }
}
