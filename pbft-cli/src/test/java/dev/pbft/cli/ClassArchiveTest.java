package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTest {
    @TempDir
    Path dir;

    @Test
    void onlyASingleJarInAWritableFolderHasAnArchive() throws IOException {
        Path jar = Files.writeString(dir.resolve("pbft.jar"), "jar");
        assertTrue(ClassArchive.forClassPath(dir.toString(), "17", null).isEmpty(), "a directory");
        assertTrue(ClassArchive.forClassPath(jar + File.pathSeparator + dir, "17", null).isEmpty(), "a class path");
        assertTrue(ClassArchive.forClassPath(dir.resolve("gone.jar").toString(), "17", null).isEmpty(), "no jar");
        assertTrue(ClassArchive.forClassPath(jar.toString(), "17", "OFF").isEmpty(), "switched off");
        ClassArchive archive = ClassArchive.forClassPath(jar.toString(), "17.0.15+6-Debian/1", null).orElseThrow();
        assertEquals(dir.resolve("pbft-17.0.15_6-Debian_1.jsa"), archive.archive());
    }

    @Test
    void anArchiveOlderThanItsJarIsStale() throws IOException {
        Path jar = Files.writeString(dir.resolve("pbft.jar"), "jar");
        ClassArchive archive = ClassArchive.forClassPath(jar.toString(), "17", null).orElseThrow();
        assertFalse(archive.fresh(), "none yet");
        Files.writeString(archive.archive(), "classes");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        assertTrue(archive.fresh());
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertFalse(archive.fresh(), "the jar was rebuilt after it");
    }

    @Test
    void aGroupWithoutAnArchiveRecordsOneAndTheNextGroupUsesIt() throws Exception {
        Path jar = Files.writeString(dir.resolve("pbft.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        ClassArchive archive = ClassArchive.forClassPath(jar.toString(), "17", null).orElseThrow();

        Path killed = record(archive, "kill -9 $$");
        Path exited = record(archive, "exit 143");
        archive.settle();

        assertTrue(archive.fresh());
        assertEquals("exit 143", Files.readString(archive.archive()), "the JVM that exited through its shutdown");
        assertFalse(Files.exists(killed), "a SIGKILLed JVM's recording may be partial: deleted");
        assertFalse(Files.exists(exited));
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive.archive(), "-Xlog:cds*=off"), archive.jvmOptions());
    }

    /** Starts a shell standing in for a replica JVM that leaves a recording and ends with {@code end}. */
    private static Path record(ClassArchive archive, String end) throws Exception {
        String option = archive.jvmOptions().get(0);
        assertTrue(option.startsWith("-XX:ArchiveClassesAtExit="), option);
        Path recording = Path.of(option.substring(option.indexOf('=') + 1));
        Files.writeString(recording, end);
        Process p = new ProcessBuilder("sh", "-c", end).start();
        archive.started(p);
        p.waitFor();
        return recording;
    }
}
