package dev.pbft.replica.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads records of a segment back: one at a known place (positional, so safe next to the writer and
 * other readers), or all in order. Every record read is checked against its CRC.
 */
final class SegmentReader {
    private SegmentReader() {}

    /** Reads the record at {@code location} of {@code segment}; throws if it fails its checks. */
    static byte[] read(Segment segment, RecordLocation location) throws IOException {
        if (location.offsetBytes() + location.recordBytes() > segment.writtenBytes) {
            throw new IllegalStateException("record " + location.index() + " is not written out yet: flush first");
        }
        ByteBuffer record = ByteBuffer.allocate((int) location.recordBytes());
        for (long at = location.offsetBytes(); record.hasRemaining(); ) {
            int n = segment.channel.read(record, at);
            if (n < 0) {
                throw new CorruptStoreException(segment.path, at, "end of file inside record " + location.index());
            }
            at += n;
        }
        record.flip();
        return checked(segment.path, location, record);
    }

    static byte[] checked(Path file, RecordLocation location, ByteBuffer record) throws CorruptStoreException {
        int length = record.getInt();
        int stored = record.getInt();
        if (length != location.payloadBytes()) {
            throw new CorruptStoreException(file, location.offsetBytes(), "length " + Integer.toUnsignedString(length)
                    + " in record " + location.index() + ", expected " + location.payloadBytes());
        }
        int computed = Frames.crc(new CRC32C(), location.index(), record);
        if (computed != stored) {
            throw new CorruptStoreException(file, location.offsetBytes(), "CRC mismatch in record "
                    + location.index() + ": stored " + Integer.toHexString(stored) + ", expected "
                    + Integer.toHexString(computed));
        }
        byte[] payload = new byte[length];
        record.get(payload);
        return payload;
    }

    static void replay(Segment segment, RecordVisitor visitor) throws IOException {
        long end = segment.writtenBytes;
        var in = new DataInputStream(new BufferedInputStream(
                Channels.newInputStream(FileChannel.open(segment.path, StandardOpenOption.READ)), 1 << 20));
        try (in) {
            CRC32C check = new CRC32C();
            long index = segment.baseIndex;
            for (long offset = 0; offset < end; index++) {
                int length = in.readInt();
                int stored = in.readInt();
                if (!Frames.saneLength(length) || offset + Frames.HEADER_BYTES + length > end) {
                    throw new CorruptStoreException(segment.path, offset, "length " + Integer.toUnsignedString(length)
                            + " of record " + index + " runs past the " + end + " bytes written");
                }
                byte[] payload = in.readNBytes(length);
                int computed = Frames.crc(check, index, ByteBuffer.wrap(payload));
                if (computed != stored) {
                    throw new CorruptStoreException(segment.path, offset, "CRC mismatch in record " + index
                            + ": stored " + Integer.toHexString(stored) + ", expected " + Integer.toHexString(computed));
                }
                var location = new RecordLocation(index, offset, length);
                visitor.visit(index, payload, location);
                offset += location.recordBytes();
            }
        }
    }
}
