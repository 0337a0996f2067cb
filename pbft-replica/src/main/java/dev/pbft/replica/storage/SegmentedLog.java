package dev.pbft.replica.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.CRC32C;

/**
 * An append-only log of records indexed 0, 1, 2, ... across segment files of about
 * {@code segmentBytes} each (framing in {@link Frames}). Open checks every record: a torn tail of the
 * last segment is cut off and reported by {@link #recoveryReport()}; other damage throws
 * {@link CorruptStoreException}.
 *
 * <p>Threads: every method except {@link #read} must be called by one thread at a time (the writer).
 * {@link #read} may run on any thread, concurrently with the writer, for a record that was written
 * out ({@link #flush()} or {@link #sync()} returned after its append) and whose segment the writer
 * does not delete meanwhile.
 */
public final class SegmentedLog implements Closeable {
    private static final byte[] EMPTY = new byte[0];
    private static final int BUFFER_BYTES = 256 << 10;

    private final Path dir;
    private final long segmentBytes;
    private final FsyncPolicy fsync;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();
    private final String recoveryReport;
    /** Volatile for {@link #forceWritten()}, which may run on another thread. */
    private volatile Segment current;
    private long nextIndex;

    private SegmentedLog(Path dir, long segmentBytes, FsyncPolicy fsync, String recoveryReport) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.recoveryReport = recoveryReport;
    }

    /**
     * Opens the log in {@code dir}, creating the directory if absent, and checks every segment.
     *
     * @throws CorruptStoreException on damage other than a torn tail of the last segment
     */
    public static SegmentedLog open(Path dir, long segmentBytes, FsyncPolicy fsync) throws IOException {
        if (segmentBytes <= 0) {
            throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
        }
        Files.createDirectories(dir);
        SegmentScanner.Layout layout = SegmentScanner.scanDirectory(dir);
        SegmentedLog log = new SegmentedLog(dir, segmentBytes, fsync, layout.report());
        log.attach(layout);
        return log;
    }

    private void attach(SegmentScanner.Layout layout) throws IOException {
        for (long base : layout.bases()) {
            segments.put(base, Segment.open(dir, base));
        }
        if (segments.isEmpty()) {
            segments.put(0L, Segment.open(dir, 0));
            forceDirectory();
        }
        current = segments.lastEntry().getValue();
        if (layout.droppedBytes() > 0) {
            current.channel.truncate(layout.lastValidBytes());
            current.writtenBytes = layout.lastValidBytes();
            if (fsync == FsyncPolicy.ALWAYS) {
                current.channel.force(false);
            }
        }
        nextIndex = layout.endIndex();
    }

    /** What open found: "clean", or how many bytes of a torn tail it cut off and where. */
    public String recoveryReport() {
        return recoveryReport;
    }

    /** Appends a record; returns its index. Durable only after {@link #sync()}. */
    public long append(byte[] payload) throws IOException {
        return appendLocated(EMPTY, payload).index();
    }

    /**
     * Appends a record whose payload is {@code head} followed by {@code body} (saves a copy of a large
     * body behind a small header); returns where it lies. Durable only after {@link #sync()}.
     */
    public RecordLocation appendLocated(byte[] head, byte[] body) throws IOException {
        long payloadBytes = (long) head.length + body.length;
        if (payloadBytes > Frames.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("record of " + payloadBytes + " bytes above the maximum "
                    + Frames.MAX_PAYLOAD_BYTES);
        }
        if (currentBytes() >= segmentBytes) {
            roll();
        }
        long index = nextIndex;
        RecordLocation location = new RecordLocation(index, currentBytes(), (int) payloadBytes);
        if (buffer.remaining() < Frames.HEADER_BYTES) {
            flush();
        }
        buffer.putInt((int) payloadBytes).putInt(Frames.crc(crc, index, head, body));
        put(head);
        put(body);
        nextIndex++;
        return location;
    }

    private void put(byte[] bytes) throws IOException {
        if (bytes.length > buffer.remaining()) {
            flush();
        }
        if (bytes.length <= buffer.remaining()) {
            buffer.put(bytes);
        } else {
            write(ByteBuffer.wrap(bytes));
        }
    }

    private long currentBytes() {
        return current.writtenBytes + buffer.position();
    }

    /** Hands buffered bytes to the operating system, so {@link #read} on any thread sees them. */
    public void flush() throws IOException {
        buffer.flip();
        write(buffer);
        buffer.clear();
    }

    private void write(ByteBuffer bytes) throws IOException {
        long at = current.writtenBytes;
        while (bytes.hasRemaining()) {
            at += current.channel.write(bytes, at);
        }
        current.writtenBytes = at;
    }

    /** Writes buffered bytes and, under {@link FsyncPolicy#ALWAYS}, forces them to the device. */
    public void sync() throws IOException {
        flush();
        if (fsync == FsyncPolicy.ALWAYS) {
            current.channel.force(false);
        }
    }

    /**
     * Forces to the device what {@link #flush()} wrote before this call began. The one method besides
     * {@link #read} that another thread may call while the writer works (a group-commit thread):
     * a segment the writer left meanwhile was forced when it was left, so only the current one is.
     */
    public void forceWritten() throws IOException {
        Segment segment = current;
        try {
            segment.channel.force(false);
        } catch (java.nio.channels.ClosedChannelException deletedSinceForcedWhenLeft) {
            // roll() forced it before moving on; deletion came later still
        }
    }

    /** Starts a new segment unless the current one is empty; earlier records keep their places. */
    public void roll() throws IOException {
        if (currentBytes() == 0) {
            return;
        }
        sync();
        current = Segment.open(dir, nextIndex);
        segments.put(nextIndex, current);
        forceDirectory();
    }

    private void forceDirectory() throws IOException {
        if (fsync == FsyncPolicy.ALWAYS) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
    }

    /**
     * Reads back the record at {@code location} and checks its CRC.
     *
     * @throws CorruptStoreException if the bytes there are not that record
     */
    public byte[] read(RecordLocation location) throws IOException {
        Map.Entry<Long, Segment> entry = segments.floorEntry(location.index());
        if (entry == null) {
            throw new IllegalArgumentException("record " + location.index() + " is below the first kept, " + firstIndex());
        }
        return SegmentReader.read(entry.getValue(), location);
    }

    /** The file of the segment holding record {@code index}, for messages. */
    public Path segmentFile(long index) {
        Map.Entry<Long, Segment> entry = segments.floorEntry(index);
        return entry == null ? dir.resolve(Segment.fileName(index)) : entry.getValue().path;
    }

    /** Visits every record from the oldest kept segment on, in index order, checking each CRC. */
    public void replay(RecordVisitor visitor) throws IOException {
        flush();
        for (Segment segment : segments.values()) {
            SegmentReader.replay(segment, visitor);
        }
    }

    /** Deletes the segments whose records all lie below {@code index}; never the current segment. */
    public void deleteSegmentsBelow(long index) throws IOException {
        List<Segment> doomed = new ArrayList<>();
        for (Segment segment : segments.values()) {
            Long next = segments.higherKey(segment.baseIndex);
            if (next == null || next > index) {
                break;
            }
            doomed.add(segment);
        }
        for (Segment segment : doomed) {
            segments.remove(segment.baseIndex);
            segment.close();
            Files.delete(segment.path);
        }
        if (!doomed.isEmpty()) {
            forceDirectory();
        }
    }

    /** The index of the oldest record kept (equal to {@link #nextIndex()} when none is). */
    public long firstIndex() {
        return segments.firstKey();
    }

    /** The index the next append gets. */
    public long nextIndex() {
        return nextIndex;
    }

    /** Bytes of all segments, buffered bytes included. */
    public long sizeBytes() {
        long total = buffer.position();
        for (Segment segment : segments.values()) {
            total += segment.writtenBytes;
        }
        return total;
    }

    /** Writes out buffered bytes (forced under {@link FsyncPolicy#ALWAYS}) and closes every segment. */
    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            for (Segment segment : segments.values()) {
                segment.close();
            }
        }
    }
}
