package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.replica.runtime.Replica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {
    @TempDir
    Path dir;

    @Test
    void aStatusReadsBackAsWritten() throws Exception {
        Replica.Status s = new Replica.Status(3, 3, 12_345, 12_288, 2);
        assertEquals("view=3\nprimary=3\nlastExecuted=12345\nlowWaterMark=12288\npeersConnected=2\n", StatusFile.format(s));
        Path file = dir.resolve("status");
        StatusFile.write(file, s);
        assertEquals(Optional.of(s), StatusFile.read(file));
        assertTrue(Files.notExists(dir.resolve("status.tmp")), "the temporary file was renamed");
    }

    @Test
    void aMissingOrGarbledFileIsNoStatus() throws Exception {
        assertEquals(Optional.empty(), StatusFile.read(dir.resolve("absent")));
        Files.writeString(dir.resolve("half"), "view=1\nprimary=1\n");
        assertEquals(Optional.empty(), StatusFile.read(dir.resolve("half")));
        assertThrows(IllegalArgumentException.class, () -> StatusFile.parse("view=x\nprimary=1\nlastExecuted=1\nlowWaterMark=0\npeersConnected=0"));
    }

    @Test
    void theWriterFollowsTheStatusAndCreatesTheFolder() throws Exception {
        AtomicReference<Replica.Status> status = new AtomicReference<>(new Replica.Status(0, 0, 1, 0, 3));
        Path file = dir.resolve("data/replica-0/status");
        Thread writer = StatusFile.startWriter(file, status::get);
        try {
            awaitExecuted(file, 1);
            status.set(new Replica.Status(0, 0, 2, 0, 3));
            awaitExecuted(file, 2);
        } finally {
            writer.interrupt();
            writer.join(1_000);
        }
    }

    private static void awaitExecuted(Path file, long executed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (StatusFile.read(file).map(Replica.Status::lastExecuted).orElse(-1L) != executed) {
            assertTrue(System.nanoTime() < deadline, "the file did not show lastExecuted=" + executed);
            Thread.sleep(20);
        }
    }
}
