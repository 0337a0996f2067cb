package dev.pbft.replica.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Checks every record of a segment file on open. Damage in the last segment with no valid record
 * after it is a torn tail from an interrupted write and is reported for truncation; any other damage
 * throws, because dropping records that were once acknowledged would be silent data loss.
 */
final class SegmentScanner {
    /** Records in the tail after damage are looked for under this many indexes past the damaged one. */
    private static final int INDEXES_TRIED = 4;

    /** @param endIndex the index after the last valid record; validBytes where the valid records end */
    record Result(long endIndex, long validBytes, long droppedBytes) {}

    /** The segments of a directory as checked: their bases, where the last one's valid records end. */
    record Layout(List<Long> bases, long endIndex, long lastValidBytes, long droppedBytes, String report) {}

    private SegmentScanner() {}

    /** Checks every segment in {@code dir} and that each starts where the one before it ends. */
    static Layout scanDirectory(Path dir) throws IOException {
        List<Long> bases;
        try (Stream<Path> files = Files.list(dir)) {
            bases = files.map(Segment::baseOf).filter(base -> base >= 0).sorted().toList();
        }
        long expected = bases.isEmpty() ? 0 : bases.get(0);
        Result last = new Result(expected, 0, 0);
        for (int i = 0; i < bases.size(); i++) {
            Path file = dir.resolve(Segment.fileName(bases.get(i)));
            if (bases.get(i) != expected) {
                throw new CorruptStoreException(file, 0, "segment starts at record " + bases.get(i)
                        + ", expected " + expected + " where the previous segment ends");
            }
            last = scan(file, bases.get(i), i == bases.size() - 1);
            expected = last.endIndex();
        }
        String report = last.droppedBytes() == 0 ? "clean"
                : "dropped a torn tail of " + last.droppedBytes() + " bytes at byte offset " + last.validBytes()
                        + " of " + Segment.fileName(bases.get(bases.size() - 1));
        return new Layout(bases, expected, last.validBytes(), last.droppedBytes(), report);
    }

    static Result scan(Path file, long baseIndex, boolean last) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long sizeBytes = channel.size();
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 20));
            CRC32C crc = new CRC32C();
            byte[] chunk = new byte[64 << 10];
            long offset = 0;
            long index = baseIndex;
            int[] length = new int[1];
            while (offset < sizeBytes) {
                String problem = checkRecord(in, crc, chunk, index, sizeBytes - offset, length);
                if (problem != null) {
                    return damaged(file, channel, last, offset, index, problem);
                }
                offset += Frames.HEADER_BYTES + length[0];
                index++;
            }
            return new Result(index, sizeBytes, 0);
        }
    }

    /** Reads one record, its payload length into {@code lengthOut[0]}; returns what is wrong with it, or null. */
    private static String checkRecord(DataInputStream in, CRC32C crc, byte[] chunk, long index, long leftBytes,
            int[] lengthOut) throws IOException {
        if (leftBytes < Frames.HEADER_BYTES) {
            return "incomplete header of record " + index + ": " + leftBytes + " bytes, expected " + Frames.HEADER_BYTES;
        }
        int length = in.readInt();
        int stored = in.readInt();
        lengthOut[0] = length;
        if (!Frames.saneLength(length)) {
            return "length " + Integer.toUnsignedString(length) + " of record " + index + " above the maximum "
                    + Frames.MAX_PAYLOAD_BYTES;
        }
        if (length > leftBytes - Frames.HEADER_BYTES) {
            return "record " + index + " of " + length + " payload bytes runs past the end of the file ("
                    + (leftBytes - Frames.HEADER_BYTES) + " bytes left)";
        }
        crc.reset();
        Frames.updateIndex(crc, index);
        for (int left = length; left > 0; ) {
            int n = in.read(chunk, 0, Math.min(left, chunk.length));
            if (n < 0) {
                throw new IOException("file shrank while being scanned");
            }
            crc.update(chunk, 0, n);
            left -= n;
        }
        int computed = (int) crc.getValue();
        return computed == stored ? null : "CRC mismatch in record " + index + ": stored "
                + Integer.toHexString(stored) + ", expected " + Integer.toHexString(computed);
    }

    private static Result damaged(Path file, FileChannel channel, boolean last, long offset, long index,
            String problem) throws IOException {
        if (!last) {
            throw new CorruptStoreException(file, offset, problem + " (not the last segment, so not a torn tail)");
        }
        long validAfter = findValidRecord(channel, offset + 1, index);
        if (validAfter >= 0) {
            throw new CorruptStoreException(file, offset, problem + ", yet a valid record follows at byte offset "
                    + validAfter + " (not a torn tail)");
        }
        return new Result(index, offset, channel.size() - offset);
    }

    /** The offset of the first valid record at or after {@code from} indexed near {@code index}, or -1. */
    private static long findValidRecord(FileChannel channel, long from, long index) throws IOException {
        long sizeBytes = channel.size();
        if (from + Frames.HEADER_BYTES > sizeBytes) {
            return -1;
        }
        // A tail longer than 2 GiB cannot be mapped at once; segments are far smaller than that.
        long tailBytes = Math.min(sizeBytes - from, Integer.MAX_VALUE);
        MappedByteBuffer tail = channel.map(FileChannel.MapMode.READ_ONLY, from, tailBytes);
        CRC32C crc = new CRC32C();
        for (int at = 0; at + Frames.HEADER_BYTES <= tail.limit(); at++) {
            if (validAt(tail, at, index, crc)) {
                return from + at;
            }
        }
        return -1;
    }

    private static boolean validAt(ByteBuffer tail, int at, long index, CRC32C crc) {
        int length = tail.getInt(at);
        if (!Frames.saneLength(length) || length > tail.limit() - at - Frames.HEADER_BYTES) {
            return false;
        }
        int stored = tail.getInt(at + 4);
        ByteBuffer payload = tail.duplicate().position(at + Frames.HEADER_BYTES).limit(at + Frames.HEADER_BYTES + length);
        for (long i = index; i < index + INDEXES_TRIED; i++) {
            if (Frames.crc(crc, i, payload) == stored) {
                return true;
            }
        }
        return false;
    }
}
