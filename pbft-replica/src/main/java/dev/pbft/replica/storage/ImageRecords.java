package dev.pbft.replica.storage;

import java.nio.ByteBuffer;

/**
 * The records {@link DiskCheckpointImages} keeps in its log. Every record starts with a kind byte;
 * numbers are big-endian.
 *
 * <pre>
 * VERSION  seq u64, partition u32, bytes   a partition's bytes written by put(seq), counted once COMPLETE follows
 * MOVED    seq u64, partition u32, bytes   a live version copied by compaction; counts at once
 * COMPLETE seq u64, first u64              put(seq) is whole: its VERSIONs are the ones at log index >= first
 * FORGET   seq u64                         forgetBelow(seq)
 * DISCARD  seq u64                         discardAbove(seq)
 * STATE    oldest u64, latest u64          written by compaction before it deletes older segments
 * </pre>
 */
final class ImageRecords {
    static final byte VERSION = 1;
    static final byte MOVED = 2;
    static final byte COMPLETE = 3;
    static final byte FORGET = 4;
    static final byte DISCARD = 5;
    static final byte STATE = 6;
    /** Bytes before a version's partition bytes: kind, seq, partition. */
    static final int VERSION_HEAD_BYTES = 1 + 8 + 4;

    private ImageRecords() {}

    static byte[] versionHead(long seq, int partition) {
        return ByteBuffer.allocate(VERSION_HEAD_BYTES).put(VERSION).putLong(seq).putInt(partition).array();
    }

    static byte[] complete(long seq, long firstRecordIndex) {
        return ByteBuffer.allocate(17).put(COMPLETE).putLong(seq).putLong(firstRecordIndex).array();
    }

    static byte[] mark(byte kind, long seq) {
        return ByteBuffer.allocate(9).put(kind).putLong(seq).array();
    }

    static byte[] state(long oldest, long latest) {
        return ByteBuffer.allocate(17).put(STATE).putLong(oldest).putLong(latest).array();
    }

    static boolean isVersion(byte[] payload) {
        return payload.length >= VERSION_HEAD_BYTES && (payload[0] == VERSION || payload[0] == MOVED);
    }

    static long seqOf(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(1);
    }

    static int partitionOf(byte[] payload) {
        return ByteBuffer.wrap(payload).getInt(9);
    }

    /** The second u64 field of a COMPLETE or STATE record. */
    static long secondOf(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(9);
    }
}
