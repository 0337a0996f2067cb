package dev.pbft.replica.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {
    private static final long SEGMENT_BYTES = 2_000;

    @TempDir
    Path dir;

    /** The payload of record {@code index}: its length and bytes follow from the index alone. */
    static byte[] payload(long index) {
        byte[] bytes = new byte[(int) (index * 37 % 150)];
        new Random(index).nextBytes(bytes);
        return bytes;
    }

    private List<RecordLocation> fill(Path where, int count) throws IOException {
        List<RecordLocation> locations = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(where, SEGMENT_BYTES, FsyncPolicy.NEVER)) {
            for (int i = 0; i < count; i++) {
                locations.add(log.appendLocated(new byte[0], payload(i)));
            }
        }
        return locations;
    }

    private static List<Long> replayIndexesChecked(SegmentedLog log) throws IOException {
        List<Long> seen = new ArrayList<>();
        log.replay((index, bytes, location) -> {
            assertArrayEquals(payload(index), bytes, "payload of record " + index);
            seen.add(index);
        });
        return seen;
    }

    private static List<Path> segmentFiles(Path where) throws IOException {
        try (Stream<Path> files = Files.list(where)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
    }

    private static void assertConsecutive(long from, long to, List<Long> seen) {
        assertEquals(to - from, seen.size(), "records replayed");
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(from + i, seen.get(i));
        }
    }

    @Test
    void roundTripAcrossSegmentsAndAppendAfterReopen() throws IOException {
        List<RecordLocation> locations = fill(dir, 400);
        assertTrue(segmentFiles(dir).size() >= 5, "several segments: " + segmentFiles(dir));
        assertEquals("00000000000000000000.log", segmentFiles(dir).get(0).getFileName().toString());
        try (SegmentedLog log = SegmentedLog.open(dir, SEGMENT_BYTES, FsyncPolicy.ALWAYS)) {
            assertEquals("clean", log.recoveryReport());
            assertEquals(0, log.firstIndex());
            assertEquals(400, log.nextIndex());
            assertConsecutive(0, 400, replayIndexesChecked(log));
            for (RecordLocation location : locations) {
                assertArrayEquals(payload(location.index()), log.read(location));
            }
            assertEquals(400, log.append(payload(400)));
            assertEquals(401, log.append(payload(401)));
            long onDisk = 0;
            log.sync();
            for (Path file : segmentFiles(dir)) {
                onDisk += Files.size(file);
            }
            assertEquals(onDisk, log.sizeBytes());
        }
        try (SegmentedLog log = SegmentedLog.open(dir, SEGMENT_BYTES, FsyncPolicy.NEVER)) {
            assertConsecutive(0, 402, replayIndexesChecked(log));
        }
    }

    @Test
    void aTornLastSegmentIsCutAtEveryOffsetOfItsLastRecords() throws IOException {
        Path original = dir.resolve("original");
        List<RecordLocation> locations = fill(original, 120);
        List<Path> files = segmentFiles(original);
        Path lastFile = files.get(files.size() - 1);
        long lastBase = Segment.baseOf(lastFile);
        long size = Files.size(lastFile);
        List<RecordLocation> inLast = locations.stream().filter(l -> l.index() >= lastBase).toList();
        assertTrue(inLast.size() >= 4, "the last segment holds several records");
        long from = inLast.get(inLast.size() - 4).offsetBytes();
        for (long at = from; at < size; at++) {
            long cut = at;
            Path copy = dir.resolve("cut" + cut);
            copyDir(original, copy);
            try (RandomAccessFile file = new RandomAccessFile(copy.resolve(lastFile.getFileName()).toFile(), "rw")) {
                file.setLength(cut);
            }
            long whole = countWholeRecords(locations, lastBase, cut);
            try (SegmentedLog log = SegmentedLog.open(copy, SEGMENT_BYTES, FsyncPolicy.NEVER)) {
                assertConsecutive(0, whole, replayIndexesChecked(log));
                boolean atBoundary = inLast.stream().anyMatch(l -> l.offsetBytes() == cut);
                assertEquals(atBoundary, log.recoveryReport().equals("clean"), "cut " + cut + ": " + log.recoveryReport());
                assertEquals(whole, log.append(payload(whole)), "cut " + cut);
            }
            try (SegmentedLog log = SegmentedLog.open(copy, SEGMENT_BYTES, FsyncPolicy.NEVER)) {
                assertEquals("clean", log.recoveryReport());
                assertConsecutive(0, whole + 1, replayIndexesChecked(log));
            }
        }
    }

    private static long countWholeRecords(List<RecordLocation> locations, long lastBase, long cut) {
        return locations.stream()
                .filter(l -> l.index() < lastBase || l.offsetBytes() + l.recordBytes() <= cut)
                .count();
    }

    @Test
    void aBadCrcOnTheVeryLastRecordIsATornTail() throws IOException {
        List<RecordLocation> locations = fill(dir, 50);
        RecordLocation last = locations.get(49);
        flipByte(lastSegment(dir), last.offsetBytes() + 5);
        try (SegmentedLog log = SegmentedLog.open(dir, SEGMENT_BYTES, FsyncPolicy.NEVER)) {
            assertConsecutive(0, 49, replayIndexesChecked(log));
            assertTrue(log.recoveryReport().contains(last.recordBytes() + " bytes"), log.recoveryReport());
        }
    }

    @Test
    void aFlippedByteInAnEarlierSegmentIsCorruption() throws IOException {
        List<RecordLocation> locations = fill(dir, 200);
        Path first = segmentFiles(dir).get(0);
        RecordLocation victim = locations.get(3);
        flipByte(first, victim.offsetBytes() + Frames.HEADER_BYTES + 1);
        CorruptStoreException e = assertThrows(CorruptStoreException.class,
                () -> SegmentedLog.open(dir, SEGMENT_BYTES, FsyncPolicy.NEVER));
        assertTrue(e.getMessage().contains(first.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + victim.offsetBytes()), e.getMessage());
    }

    @Test
    void everyFlippedByteOfAMiddleRecordOfTheLastSegmentIsCorruption() throws IOException {
        Path original = dir.resolve("original");
        List<RecordLocation> locations = fill(original, 120);
        Path lastFile = lastSegment(original);
        long lastBase = Segment.baseOf(lastFile);
        List<RecordLocation> inLast = locations.stream().filter(l -> l.index() >= lastBase).toList();
        RecordLocation victim = inLast.get(inLast.size() / 2);
        assertTrue(victim.index() < 119, "a valid record follows the victim");
        for (long at = victim.offsetBytes(); at < victim.offsetBytes() + victim.recordBytes(); at++) {
            Path copy = dir.resolve("flip" + at);
            copyDir(original, copy);
            flipByte(copy.resolve(lastFile.getFileName()), at);
            CorruptStoreException e = assertThrows(CorruptStoreException.class,
                    () -> SegmentedLog.open(copy, SEGMENT_BYTES, FsyncPolicy.NEVER), "byte " + at);
            assertTrue(e.getMessage().contains(lastFile.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void aMissingMiddleSegmentIsCorruption() throws IOException {
        fill(dir, 200);
        Path middle = segmentFiles(dir).get(2);
        Files.delete(middle);
        CorruptStoreException e = assertThrows(CorruptStoreException.class,
                () -> SegmentedLog.open(dir, SEGMENT_BYTES, FsyncPolicy.NEVER));
        assertTrue(e.getMessage().contains(segmentFiles(dir).get(2).getFileName().toString()), e.getMessage());
    }

    @Test
    void readOfADamagedRecordThrows() throws IOException {
        List<RecordLocation> locations = fill(dir, 50);
        try (SegmentedLog log = SegmentedLog.open(dir, SEGMENT_BYTES, FsyncPolicy.NEVER)) {
            RecordLocation victim = locations.get(49);
            flipByte(lastSegment(dir), victim.offsetBytes() + Frames.HEADER_BYTES);
            assertThrows(CorruptStoreException.class, () -> log.read(victim));
            assertArrayEquals(payload(48), log.read(locations.get(48)));
        }
    }

    @Test
    void deleteSegmentsBelowKeepsTheSegmentHoldingTheIndexAndTheCurrentOne() throws IOException {
        fill(dir, 300);
        try (SegmentedLog log = SegmentedLog.open(dir, SEGMENT_BYTES, FsyncPolicy.NEVER)) {
            int before = segmentFiles(dir).size();
            log.deleteSegmentsBelow(150);
            long first = log.firstIndex();
            assertTrue(first > 0 && first <= 150, "first kept " + first);
            assertTrue(segmentFiles(dir).size() < before);
            assertConsecutive(first, 300, replayIndexesChecked(log));
            log.deleteSegmentsBelow(Long.MAX_VALUE);
            assertEquals(1, segmentFiles(dir).size(), "the current segment stays");
            long last = log.firstIndex();
            assertEquals(300, log.append(payload(300)));
            assertConsecutive(last, 301, replayIndexesChecked(log));
        }
        try (SegmentedLog log = SegmentedLog.open(dir, SEGMENT_BYTES, FsyncPolicy.NEVER)) {
            assertEquals(301, log.nextIndex());
            assertConsecutive(log.firstIndex(), 301, replayIndexesChecked(log));
        }
    }

    static Path lastSegment(Path where) throws IOException {
        List<Path> files = segmentFiles(where);
        return files.get(files.size() - 1);
    }

    static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5a);
        }
    }

    static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (Path file : segmentFiles(from)) {
            Files.copy(file, to.resolve(file.getFileName()));
        }
    }
}
