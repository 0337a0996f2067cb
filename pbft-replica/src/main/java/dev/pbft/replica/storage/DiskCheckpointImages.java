package dev.pbft.replica.storage;

import dev.pbft.replica.core.CheckpointImages;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint images on disk, with the semantics of {@code MemoryCheckpointImages}: partition versions
 * are records of a {@link SegmentedLog} (format in {@link ImageRecords}); the heap holds only where
 * each kept version lies. {@link #put} returns once the checkpoint is synced under the store's
 * {@link FsyncPolicy}; a put cut short by a crash is ignored on reopen, as if never called, and
 * {@link #latest()} is then the last complete checkpoint. forgetBelow and discardAbove are synced too.
 *
 * <p>Disk held by forgotten versions is reclaimed by compaction, on one daemon thread per store
 * started at the first need, once dead bytes exceed live bytes plus {@code compactSlackBytes}.
 * Reads stay correct while it runs. The {@link CheckpointImages} methods may be called from one
 * thread at a time; they throw {@link UncheckedIOException} on I/O failure, and {@link #read} throws
 * one wrapping {@link CorruptStoreException} if a stored version fails its CRC.
 */
public final class DiskCheckpointImages implements CheckpointImages, Closeable {
    /** Default dead bytes tolerated beyond the live bytes before compacting. */
    public static final long DEFAULT_COMPACT_SLACK_BYTES = 64L << 20;
    private static final byte[] EMPTY = new byte[0];

    private final Object lock = new Object();
    private final SegmentedLog log;
    private final ImageIndex index;
    private final long compactSlackBytes;
    private final ImageCompactor compactor;
    private volatile boolean closing;

    private DiskCheckpointImages(SegmentedLog log, ImageIndex index, long compactSlackBytes, Runnable afterReads) {
        this.log = log;
        this.index = index;
        this.compactSlackBytes = compactSlackBytes;
        this.compactor = new ImageCompactor(lock, log, index, () -> closing, afterReads);
    }

    /** Opens the store in {@code dir} with the default compaction slack of 64 MiB. */
    public static DiskCheckpointImages open(Path dir, long segmentBytes, FsyncPolicy fsync) throws IOException {
        return open(dir, segmentBytes, fsync, DEFAULT_COMPACT_SLACK_BYTES);
    }

    /**
     * Opens (or creates) the store in {@code dir}, rebuilding its index from the log.
     *
     * @param compactSlackBytes dead bytes tolerated beyond the live bytes before compacting
     * @throws CorruptStoreException if the log is damaged other than by a torn tail
     */
    public static DiskCheckpointImages open(Path dir, long segmentBytes, FsyncPolicy fsync, long compactSlackBytes)
            throws IOException {
        return open(dir, segmentBytes, fsync, compactSlackBytes, () -> {});
    }

    /** As above; {@code afterReads} runs on the compaction thread between its reads and its copies. */
    static DiskCheckpointImages open(Path dir, long segmentBytes, FsyncPolicy fsync, long compactSlackBytes,
            Runnable afterReads) throws IOException {
        SegmentedLog log = SegmentedLog.open(dir, segmentBytes, fsync);
        try {
            ImageIndex index = new ImageIndex();
            log.replay((i, payload, location) -> index.apply(payload, location));
            return new DiskCheckpointImages(log, index, compactSlackBytes, afterReads);
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** What opening the log found: "clean", or the torn tail it cut off. */
    public String recoveryReport() {
        return log.recoveryReport();
    }

    @Override
    public void put(long seq, Map<Integer, byte[]> changed) {
        synchronized (lock) {
            checkOpen();
            if (seq <= index.latest()) {
                throw new IllegalArgumentException("checkpoint " + seq + " is not above the latest, " + index.latest());
            }
            try {
                long first = log.nextIndex();
                List<ImageIndex.Version> written = new ArrayList<>(changed.size());
                for (Map.Entry<Integer, byte[]> e : changed.entrySet()) {
                    RecordLocation at = log.appendLocated(ImageRecords.versionHead(seq, e.getKey()), e.getValue());
                    written.add(new ImageIndex.Version(e.getKey(), seq, at));
                }
                log.appendLocated(EMPTY, ImageRecords.complete(seq, first));
                log.sync();
                written.forEach(index::add);
                index.complete(seq);
            } catch (IOException e) {
                throw new UncheckedIOException("put of checkpoint " + seq, e);
            }
            maybeCompact();
        }
    }

    @Override
    public byte[] read(long seq, int partition) {
        synchronized (lock) {
            checkOpen();
            if (seq < index.oldest()) {
                throw new IllegalArgumentException("checkpoint " + seq + " is no longer kept (oldest " + index.oldest() + ")");
            }
            ImageIndex.Version v = index.find(seq, partition);
            if (v == null) {
                return EMPTY;
            }
            try {
                byte[] payload = log.read(v.location());
                checkHolds(v, payload);
                return Arrays.copyOfRange(payload, ImageRecords.VERSION_HEAD_BYTES, payload.length);
            } catch (IOException e) {
                throw new UncheckedIOException("read of partition " + partition + " at checkpoint " + seq, e);
            }
        }
    }

    /** A record that passed its CRC yet is not the version looked for means the index is wrong. */
    private void checkHolds(ImageIndex.Version v, byte[] payload) throws CorruptStoreException {
        if (!ImageRecords.isVersion(payload) || ImageRecords.seqOf(payload) != v.seq()
                || ImageRecords.partitionOf(payload) != v.partition()) {
            throw new CorruptStoreException(log.segmentFile(v.location().index()), v.location().offsetBytes(),
                    "record " + v.location().index() + " is not partition " + v.partition() + " at checkpoint " + v.seq());
        }
    }

    @Override
    public void forgetBelow(long seq) {
        synchronized (lock) {
            checkOpen();
            if (seq <= index.oldest()) {
                return;
            }
            mark(ImageRecords.FORGET, seq);
            index.forgetBelow(seq);
            maybeCompact();
        }
    }

    @Override
    public void discardAbove(long seq) {
        synchronized (lock) {
            checkOpen();
            mark(ImageRecords.DISCARD, seq);
            index.discardAbove(seq);
            maybeCompact();
        }
    }

    private void mark(byte kind, long seq) {
        try {
            log.appendLocated(EMPTY, ImageRecords.mark(kind, seq));
            log.sync();
        } catch (IOException e) {
            throw new UncheckedIOException("recording " + (kind == ImageRecords.FORGET ? "forgetBelow " : "discardAbove ")
                    + seq, e);
        }
    }

    @Override
    public long latest() {
        synchronized (lock) {
            return index.latest();
        }
    }

    /** Bytes of the records of all kept versions. */
    public long liveBytes() {
        synchronized (lock) {
            return index.liveBytes();
        }
    }

    /** Bytes of the store's log on disk. */
    public long diskBytes() {
        synchronized (lock) {
            return log.sizeBytes();
        }
    }

    private void maybeCompact() {
        long live = index.liveBytes();
        if (!closing && log.sizeBytes() - live > live + compactSlackBytes) {
            compactor.startIfIdle();
        }
    }

    /**
     * Waits for a compaction under way, if any (for tests).
     *
     * @throws IOException what a compaction failed with; its old segments are then kept
     */
    public void awaitCompaction() throws IOException, InterruptedException {
        compactor.await();
    }

    private void checkOpen() {
        if (closing) {
            throw new IllegalStateException("checkpoint images are closed");
        }
    }

    /** Stops compaction at its next batch, waits for its thread to end, then closes the log. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closing) {
            return;
        }
        closing = true;
        try {
            compactor.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            log.close();
        }
    }
}
