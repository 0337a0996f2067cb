package dev.pbft.replica.runtime;

import dev.pbft.protocol.codec.MessageCodec;
import dev.pbft.replica.core.CheckpointImages;
import dev.pbft.replica.core.Journal;
import dev.pbft.replica.core.JournalEntry;
import dev.pbft.replica.core.MemoryCheckpointImages;
import dev.pbft.replica.storage.DiskCheckpointImages;
import dev.pbft.replica.storage.FsyncPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a replica keeps what must survive it: checkpoint images and the journal under one data
 * directory ({@code images/} and {@code journal/}), or nothing at all in the in-memory mode.
 */
final class ReplicaStorage implements Closeable {
    static final long IMAGE_SEGMENT_BYTES = 256L << 20;

    final CheckpointImages images;
    /** Null in the in-memory mode. */
    final DiskJournal journal;
    /** The journal as found at start, for {@code ReplicaCore.recover}. */
    final List<JournalEntry> entries;
    final Path dir;

    private ReplicaStorage(CheckpointImages images, DiskJournal journal, List<JournalEntry> entries, Path dir) {
        this.images = images;
        this.journal = journal;
        this.entries = entries;
        this.dir = dir;
    }

    static ReplicaStorage inMemory() {
        return new ReplicaStorage(new MemoryCheckpointImages(), null, List.of(), null);
    }

    /**
     * Opens (creating if absent) the data directory {@code dir}, checking every record.
     *
     * @throws dev.pbft.replica.storage.CorruptStoreException if anything but a torn tail is damaged
     */
    static ReplicaStorage open(Path dir, FsyncPolicy fsync, MessageCodec codec, int self, long windowSize)
            throws IOException {
        Files.createDirectories(dir);
        DiskCheckpointImages images = DiskCheckpointImages.open(dir.resolve("images"), IMAGE_SEGMENT_BYTES, fsync);
        DiskJournal journal;
        try {
            journal = DiskJournal.open(dir.resolve("journal"), fsync, codec, self, windowSize);
        } catch (IOException e) {
            images.close();
            throw e;
        }
        try {
            return new ReplicaStorage(images, journal, journal.readAll(), dir);
        } catch (IOException e) {
            images.close();
            journal.close();
            throw e;
        }
    }

    Journal coreJournal() {
        return journal == null ? Journal.NONE : journal;
    }

    /** What opening found: torn tails cut, or "clean". */
    String recoveryReport() {
        if (journal == null) {
            return "in memory";
        }
        return "journal " + journal.recoveryReport() + ", images "
                + ((DiskCheckpointImages) images).recoveryReport();
    }

    @Override
    public void close() throws IOException {
        if (journal != null) {
            journal.close();
            ((DiskCheckpointImages) images).close();
        }
    }
}
