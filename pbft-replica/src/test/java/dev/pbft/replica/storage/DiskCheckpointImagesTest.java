package dev.pbft.replica.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.replica.core.CheckpointImages;
import dev.pbft.replica.core.MemoryCheckpointImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCheckpointImagesTest {
    private static final long SEGMENT_BYTES = 8 << 10;
    private static final int PARTITIONS = 24;

    @TempDir
    Path dir;

    @Test
    void randomOperationsAndReopensMatchTheInHeapImages() throws Exception {
        long[] seeds = {1, 2, 3, 4, 5, new Random().nextLong()};
        for (long seed : seeds) {
            runModelled(seed, Long.MAX_VALUE / 4);
            runModelled(seed, 0);
        }
    }

    /** Applies random operations to the disk store and to the model, checking every read. */
    private void runModelled(long seed, long compactSlackBytes) throws Exception {
        Path where = dir.resolve("seed" + seed + "-slack" + compactSlackBytes);
        Modelled m = new Modelled(new Random(seed), where, compactSlackBytes);
        try {
            for (int step = 0; step < 600; step++) {
                m.step(step);
            }
            m.checkAll();
        } catch (Throwable e) {
            throw new AssertionError("seed " + seed + ", compactSlackBytes " + compactSlackBytes + ": " + e, e);
        } finally {
            m.disk.close();
        }
    }

    private static final class Modelled {
        final Random random;
        final Path where;
        final long compactSlackBytes;
        final MemoryCheckpointImages model = new MemoryCheckpointImages();
        DiskCheckpointImages disk;
        long oldest = -1;

        Modelled(Random random, Path where, long compactSlackBytes) throws IOException {
            this.random = random;
            this.where = where;
            this.compactSlackBytes = compactSlackBytes;
            this.disk = DiskCheckpointImages.open(where, SEGMENT_BYTES, FsyncPolicy.NEVER, compactSlackBytes);
        }

        void step(int step) throws Exception {
            int op = random.nextInt(100);
            if (op < 30 || model.latest() < 0) {
                long seq = model.latest() + 1 + random.nextInt(3);
                Map<Integer, byte[]> changed = randomPartitions(random, random.nextInt(8));
                model.put(seq, changed);
                disk.put(seq, changed);
                oldest = oldest < 0 ? seq : oldest;
            } else if (op < 42) {
                long seq = oldest + random.nextInt((int) (model.latest() - oldest + 2));
                model.forgetBelow(seq);
                disk.forgetBelow(seq);
                oldest = Math.max(oldest, seq);
            } else if (op < 47) {
                long seq = oldest + random.nextInt((int) Math.max(1, model.latest() - oldest + 1));
                model.discardAbove(seq);
                disk.discardAbove(seq);
            } else if (op < 52) {
                reopen();
            } else {
                checkRead(oldest + random.nextInt((int) Math.max(1, model.latest() - oldest + 3)),
                        random.nextInt(PARTITIONS));
            }
            assertEquals(model.latest(), disk.latest(), "latest after step " + step);
        }

        void reopen() throws Exception {
            if (random.nextBoolean()) {
                disk.awaitCompaction();
            }
            disk.close();
            disk = DiskCheckpointImages.open(where, SEGMENT_BYTES, FsyncPolicy.NEVER, compactSlackBytes);
        }

        void checkRead(long seq, int partition) {
            assertArrayEquals(model.read(seq, partition), disk.read(seq, partition),
                    "partition " + partition + " at " + seq);
            if (oldest > 0) {
                assertThrows(IllegalArgumentException.class, () -> disk.read(oldest - 1, partition));
            }
        }

        void checkAll() throws Exception {
            reopen();
            for (long seq = Math.max(0, oldest); seq <= model.latest() + 1; seq++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    checkRead(seq, p);
                }
            }
        }
    }

    static Map<Integer, byte[]> randomPartitions(Random random, int count) {
        Map<Integer, byte[]> changed = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(700)];
            random.nextBytes(bytes);
            changed.put(random.nextInt(PARTITIONS), bytes);
        }
        return changed;
    }

    @Test
    void aPutCutShortByACrashIsIgnoredOnReopenAndCanBeRedone() throws Exception {
        Random random = new Random(7);
        Map<Integer, byte[]> first = randomPartitions(random, 12);
        Map<Integer, byte[]> second = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            second.put(p, new byte[] {(byte) p, 2});
        }
        long afterFirst;
        try (DiskCheckpointImages disk = DiskCheckpointImages.open(dir.resolve("base"), 1 << 20, FsyncPolicy.NEVER)) {
            disk.put(1, first);
            afterFirst = disk.diskBytes();
            disk.put(2, second);
        }
        long recordBytes = Frames.HEADER_BYTES + ImageRecords.VERSION_HEAD_BYTES + 2;
        for (long cut = afterFirst; cut < afterFirst + PARTITIONS * recordBytes + 20; cut += 7) {
            Path copy = dir.resolve("cut" + cut);
            SegmentedLogTest.copyDir(dir.resolve("base"), copy);
            try (RandomAccessFile f = new RandomAccessFile(SegmentedLogTest.lastSegment(copy).toFile(), "rw")) {
                f.setLength(cut);
            }
            try (DiskCheckpointImages disk = DiskCheckpointImages.open(copy, 1 << 20, FsyncPolicy.NEVER)) {
                assertEquals(1, disk.latest(), "cut at " + cut);
                for (int p = 0; p < PARTITIONS; p++) {
                    byte[] expected = first.getOrDefault(p, new byte[0]);
                    assertArrayEquals(expected, disk.read(2, p), "cut at " + cut + ", partition " + p);
                }
                disk.put(2, Map.of(3, new byte[] {9}));
            }
            try (DiskCheckpointImages disk = DiskCheckpointImages.open(copy, 1 << 20, FsyncPolicy.NEVER)) {
                assertEquals(2, disk.latest());
                assertArrayEquals(new byte[] {9}, disk.read(2, 3));
                assertArrayEquals(first.getOrDefault(5, new byte[0]), disk.read(2, 5), "the cut put's versions stay ignored");
            }
        }
    }

    @Test
    void compactionKeepsReadsRightAndShrinksTheDisk() throws Exception {
        Random random = new Random(11);
        MemoryCheckpointImages model = new MemoryCheckpointImages();
        long peakBytes = 0;
        try (DiskCheckpointImages disk = DiskCheckpointImages.open(dir, SEGMENT_BYTES, FsyncPolicy.NEVER, 0)) {
            for (long seq = 1; seq <= 300; seq++) {
                Map<Integer, byte[]> changed = randomPartitions(random, 10);
                model.put(seq, changed);
                disk.put(seq, changed);
                if (seq % 5 == 0) {
                    model.forgetBelow(seq - 3);
                    disk.forgetBelow(seq - 3);
                }
                for (int p = 0; p < PARTITIONS; p++) {
                    long at = Math.max(1, seq - 3) + random.nextInt(4);
                    assertArrayEquals(model.read(at, p), disk.read(at, p), "partition " + p + " at " + at);
                }
                peakBytes = Math.max(peakBytes, disk.diskBytes());
            }
            model.forgetBelow(300);
            disk.forgetBelow(300);
            disk.awaitCompaction();
            // A compaction under way at forgetBelow(300) skips the request; this put re-checks with none running.
            disk.put(301, Map.of());
            model.put(301, Map.of());
            disk.awaitCompaction();
            // With no slack the store promises only dead bytes <= live bytes: how far below depends on when the
            // compaction thread last took its snapshot, so the disk need not be near the live size here.
            long dead = disk.diskBytes() - disk.liveBytes();
            assertTrue(dead <= disk.liveBytes(), "disk " + disk.diskBytes() + ", live " + disk.liveBytes());

            // Replacing every partition with a tiny version and forgetting the rest makes the dead bytes (at least
            // the 301 versions) exceed the live ones whatever compaction did before, so one compaction certainly
            // runs, and it must bring the disk down to the live records.
            Map<Integer, byte[]> tiny = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                tiny.put(p, new byte[] {(byte) p});
            }
            long liveAt301 = disk.liveBytes();
            model.put(302, tiny);
            disk.put(302, tiny);
            disk.awaitCompaction();
            model.forgetBelow(302);
            disk.forgetBelow(302);
            assertTrue(liveAt301 > disk.liveBytes(), "live " + liveAt301 + " then " + disk.liveBytes());
            disk.awaitCompaction();
            assertTrue(disk.diskBytes() < disk.liveBytes() + 200, "disk " + disk.diskBytes() + ", live " + disk.liveBytes());
            assertTrue(peakBytes > 3 * disk.diskBytes(), "peak " + peakBytes + ", now " + disk.diskBytes());
            for (int p = 0; p < PARTITIONS; p++) {
                assertArrayEquals(model.read(302, p), disk.read(302, p));
            }
        }
        try (DiskCheckpointImages disk = DiskCheckpointImages.open(dir, SEGMENT_BYTES, FsyncPolicy.NEVER, 0)) {
            assertEquals(302, disk.latest());
            for (int p = 0; p < PARTITIONS; p++) {
                assertArrayEquals(model.read(302, p), disk.read(302, p), "after reopen, partition " + p);
            }
        }
    }

    @Test
    void versionsDroppedWhileCompactionCopiesAreNotResurrected() throws Exception {
        for (boolean discard : new boolean[] {true, false}) {
            Path where = dir.resolve("discard-" + discard);
            MemoryCheckpointImages model = new MemoryCheckpointImages();
            AtomicReference<DiskCheckpointImages> store = new AtomicReference<>();
            AtomicBoolean fired = new AtomicBoolean();
            Runnable interleave = () -> {
                if (!fired.getAndSet(true)) {
                    for (CheckpointImages images : List.of(model, store.get())) {
                        if (discard) {
                            images.discardAbove(2);
                        } else {
                            images.forgetBelow(3);
                        }
                    }
                }
            };
            try (DiskCheckpointImages disk = DiskCheckpointImages.open(where, SEGMENT_BYTES, FsyncPolicy.NEVER, 0, interleave)) {
                store.set(disk);
                for (CheckpointImages images : List.of(model, disk)) {
                    images.put(1, Map.of(0, new byte[] {1}, 1, new byte[] {2}));
                    images.put(2, Map.of(0, new byte[] {3}));
                    images.put(3, Map.of(1, new byte[] {4}));
                    images.forgetBelow(2);
                }
                disk.awaitCompaction();
                assertTrue(fired.get(), "compaction ran");
            }
            try (DiskCheckpointImages disk = DiskCheckpointImages.open(where, SEGMENT_BYTES, FsyncPolicy.NEVER, 0)) {
                assertEquals(model.latest(), disk.latest());
                for (int p = 0; p < 2; p++) {
                    assertArrayEquals(model.read(3, p), disk.read(3, p), "discard " + discard + ", partition " + p);
                }
            }
        }
    }

    @Test
    void manySmallPartitionsPutAndReadWithoutPerRecordCost() throws Exception {
        int partitions = 4_000;
        long started = System.nanoTime();
        try (DiskCheckpointImages disk = DiskCheckpointImages.open(dir, 64 << 20, FsyncPolicy.ALWAYS)) {
            for (long seq = 1; seq <= 5; seq++) {
                Map<Integer, byte[]> changed = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    changed.put(p, new byte[] {(byte) p, (byte) seq, 0, 0, 0, 0, 0, 0});
                }
                disk.put(seq, changed);
            }
            for (int p = 0; p < partitions; p++) {
                assertEquals(5, disk.read(5, p)[1]);
            }
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis < 5_000, "5 puts and 4,000 reads of 4,000 partitions took " + elapsedMillis + " ms");
    }

    @Test
    void aDamagedVersionOnDiskFailsItsRead() throws Exception {
        try (DiskCheckpointImages disk = DiskCheckpointImages.open(dir, 1 << 20, FsyncPolicy.ALWAYS)) {
            disk.put(1, Map.of(4, new byte[] {1, 2, 3, 4, 5}));
            disk.put(2, Map.of(5, new byte[] {6, 7, 8}));
            long firstPayload = Frames.HEADER_BYTES + ImageRecords.VERSION_HEAD_BYTES;
            SegmentedLogTest.flipByte(SegmentedLogTest.lastSegment(dir), firstPayload + 2);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> disk.read(2, 4));
            assertInstanceOf(CorruptStoreException.class, e.getCause());
            assertArrayEquals(new byte[] {6, 7, 8}, disk.read(2, 5));
        }
        assertThrows(CorruptStoreException.class, () -> DiskCheckpointImages.open(dir, 1 << 20, FsyncPolicy.ALWAYS));
    }

    @Test
    void aCompactionThatMeetsADamagedVersionFailsAndKeepsTheOldSegments() throws Exception {
        try (DiskCheckpointImages disk = DiskCheckpointImages.open(dir, 256, FsyncPolicy.NEVER, 0)) {
            disk.put(1, Map.of(4, new byte[] {1, 2, 3, 4, 5}));
            SegmentedLogTest.flipByte(SegmentedLogTest.lastSegment(dir), Frames.HEADER_BYTES + ImageRecords.VERSION_HEAD_BYTES);
            disk.put(2, Map.of(5, new byte[300]));
            disk.put(3, Map.of(5, new byte[300]));
            disk.forgetBelow(3);
            IOException e = assertThrows(IOException.class, disk::awaitCompaction);
            assertTrue(e instanceof CorruptStoreException || e.getCause() instanceof CorruptStoreException, e.toString());
            assertTrue(Files.exists(dir.resolve(Segment.fileName(0))), "the damaged segment stays for inspection");
            assertArrayEquals(new byte[300], disk.read(3, 5));
        }
    }
}
