package dev.pbft.replica.runtime;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.codec.CodecException;
import dev.pbft.protocol.codec.MessageCodec;
import dev.pbft.protocol.message.BatchData;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.replica.core.Journal;
import dev.pbft.replica.core.JournalEntry;
import dev.pbft.replica.storage.CorruptStoreException;
import dev.pbft.replica.storage.FsyncPolicy;
import dev.pbft.replica.storage.SegmentedLog;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's {@link Journal} in a {@link SegmentedLog}: entries are buffered as they come and made
 * durable together by {@link #sync()} (group commit), which the runtime calls before it lets out
 * the messages of a burst. Pre-prepares and batches are encoded with the wire codec, so a journal
 * is read back with the same bounds as bytes off the wire.
 *
 * <p>Entries appended before stable checkpoint s' became stable are about sequence numbers up to
 * s' + L (the window), so once the stable checkpoint reaches s' + L the segments before that point
 * are deleted; the latest view is written again first, so it is never lost with them.
 */
final class DiskJournal implements Journal, Closeable {
    private static final byte ACCEPTED = 1;
    private static final byte PREPARED = 2;
    private static final byte EXECUTED = 3;
    private static final byte VIEW = 4;
    private static final byte STABLE = 5;
    /**
     * Small enough that trimming keeps the journal a restart reads to a few windows: with 8 MiB, a
     * replica restarted under load read about ten times the entries it needed (1.2 s of a 3.8 s start).
     */
    static final long SEGMENT_BYTES = 2L << 20;

    private final SegmentedLog log;
    private final MessageCodec codec;
    private final int self;
    private final long windowSize;
    /** (stable seq, journal index when it became stable), oldest first. */
    private final ArrayDeque<long[]> stables = new ArrayDeque<>();
    private JournalEntry.ViewEntered lastView;
    private boolean dirty;
    private long tickets;

    private DiskJournal(SegmentedLog log, MessageCodec codec, int self, long windowSize) {
        this.log = log;
        this.codec = codec;
        this.self = self;
        this.windowSize = windowSize;
    }

    static DiskJournal open(Path dir, FsyncPolicy fsync, MessageCodec codec, int self, long windowSize)
            throws IOException {
        return new DiskJournal(SegmentedLog.open(dir, SEGMENT_BYTES, fsync), codec, self, windowSize);
    }

    /** What the log's open found and cut: "clean", or the torn tail it dropped. */
    String recoveryReport() {
        return log.recoveryReport();
    }

    /** Every entry kept, in order; also primes the trimming state. */
    List<JournalEntry> readAll() throws IOException {
        List<JournalEntry> out = new ArrayList<>();
        log.replay((index, payload, location) -> {
            JournalEntry e = decode(payload, index);
            out.add(e);
            note(e, index);
        });
        return out;
    }

    @Override
    public void append(JournalEntry entry) {
        try {
            long index = log.append(encode(entry));
            dirty = true;
            note(entry, index);
            if (entry instanceof JournalEntry.Stable stable) {
                trim(stable.seq());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journal append failed", e);
        }
    }

    private void note(JournalEntry e, long index) {
        if (e instanceof JournalEntry.ViewEntered v) {
            lastView = v;
        } else if (e instanceof JournalEntry.Stable s) {
            stables.addLast(new long[] {s.seq(), index});
        }
    }

    private void trim(long stableSeq) throws IOException {
        long deleteBelow = -1;
        while (stables.size() > 1 && stables.peekFirst()[0] + windowSize <= stableSeq) {
            deleteBelow = stables.pollFirst()[1];
        }
        if (deleteBelow >= 0) {
            if (lastView != null) {
                log.append(encode(lastView));
            }
            log.sync();
            log.deleteSegmentsBelow(deleteBelow);
        }
    }

    /** Whether entries were appended since the last {@link #sync()}. */
    boolean dirty() {
        return dirty;
    }

    /**
     * Writes appended entries out to the operating system (not forced) and returns a ticket for
     * them: {@link #forceWritten()} called after this returns covers them.
     */
    long writeOut() {
        try {
            log.flush();
            dirty = false;
            return ++tickets;
        } catch (IOException e) {
            throw new UncheckedIOException("journal write failed", e);
        }
    }

    /** Forces what {@link #writeOut()} wrote; may run on a group-commit thread. */
    void forceWritten() throws IOException {
        log.forceWritten();
    }

    /** Makes every appended entry durable (as the fsync policy defines). */
    void sync() {
        try {
            log.sync();
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("journal sync failed", e);
        }
    }

    long sizeBytes() {
        return log.sizeBytes();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    private byte[] encode(JournalEntry entry) {
        if (entry instanceof JournalEntry.Accepted a) {
            return tagged(ACCEPTED, codec.encode(a.prePrepare()));
        }
        if (entry instanceof JournalEntry.Prepared p) {
            return ByteBuffer.allocate(1 + 16 + 32).put(PREPARED).putLong(p.view()).putLong(p.seq())
                    .put(p.digest().backingArray()).array();
        }
        if (entry instanceof JournalEntry.Executed x) {
            byte[] batch = x.batch() == null ? new byte[0]
                    : codec.encode(new BatchData(x.seq(), x.digest(), x.batch(), self));
            return ByteBuffer.allocate(1 + 8 + 32 + batch.length).put(EXECUTED).putLong(x.seq())
                    .put(x.digest().backingArray()).put(batch).array();
        }
        if (entry instanceof JournalEntry.ViewEntered v) {
            return ByteBuffer.allocate(1 + 8 + 1).put(VIEW).putLong(v.view()).put((byte) (v.active() ? 1 : 0)).array();
        }
        JournalEntry.Stable s = (JournalEntry.Stable) entry;
        return ByteBuffer.allocate(1 + 8 + 32).put(STABLE).putLong(s.seq()).put(s.digest().backingArray()).array();
    }

    private static byte[] tagged(byte kind, byte[] body) {
        return ByteBuffer.allocate(1 + body.length).put(kind).put(body).array();
    }

    private JournalEntry decode(byte[] payload, long index) throws IOException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            byte kind = in.get();
            switch (kind) {
                case ACCEPTED:
                    return new JournalEntry.Accepted((PrePrepare) codec.decode(payload, 1, payload.length - 1));
                case PREPARED:
                    return new JournalEntry.Prepared(in.getLong(), in.getLong(), digest(in));
                case EXECUTED: {
                    long seq = in.getLong();
                    Bytes digest = digest(in);
                    BatchData batch = in.hasRemaining()
                            ? (BatchData) codec.decode(payload, in.position(), in.remaining()) : null;
                    return new JournalEntry.Executed(seq, digest, batch == null ? null : batch.batch());
                }
                case VIEW:
                    return new JournalEntry.ViewEntered(in.getLong(), in.get() == 1);
                case STABLE:
                    return new JournalEntry.Stable(in.getLong(), digest(in));
                default:
                    throw new IllegalArgumentException("unknown entry kind " + kind);
            }
        } catch (CodecException | RuntimeException e) {
            // The record's checksum held, so these bytes are what was written: another version wrote them.
            throw new CorruptStoreException(log.segmentFile(index), 0,
                    "journal record " + index + " is not an entry this version reads (" + e.getMessage() + ")");
        }
    }

    private static Bytes digest(ByteBuffer in) {
        byte[] d = new byte[32];
        in.get(d);
        return Bytes.wrap(d);
    }
}
