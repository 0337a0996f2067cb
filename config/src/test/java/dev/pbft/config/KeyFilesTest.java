package dev.pbft.config;

import static dev.pbft.config.Fixture.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void privateKeyRoundTripsAndIsCreatedWithMode0600() throws IOException {
        Path file = dir.resolve("replica-0.key");
        KeyFiles.writePrivate(file, key(7), "replica 0\nkeep secret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(key(7), KeyFiles.readPrivate(file));
        String text = Files.readString(file);
        assertTrue(text.startsWith("# replica 0\n# keep secret\n"), text);
    }

    @Test
    void publicKeyRoundTrips() throws IOException {
        Path file = dir.resolve("replica-0.pub");
        KeyFiles.writePublic(file, key(8), null);
        assertArrayEquals(key(8), KeyFiles.readPublic(file));
        assertEquals(KeyFiles.encode(key(8)) + "\n", Files.readString(file));
    }

    @Test
    void writersRefuseToOverwrite() throws IOException {
        Path file = dir.resolve("k");
        KeyFiles.writePrivate(file, key(1), "");
        assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.writePrivate(file, key(2), ""));
        assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.writePublic(file, key(2), ""));
        assertArrayEquals(key(1), KeyFiles.readPrivate(file));
    }

    @Test
    void writersRefuseKeysOfWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> KeyFiles.writePrivate(dir.resolve("k"), new byte[32], ""));
        assertTrue(Files.notExists(dir.resolve("k")));
    }

    @Test
    void readPrivateRefusesAModeOpenToOthers() throws IOException {
        Path file = dir.resolve("k");
        KeyFiles.writePrivate(file, key(1), "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.readPrivate(file));
        assertEquals("key file " + file + " is readable by group or others (mode 0644); expected mode 0600: chmod 600 "
                + file, e.getMessage());
        assertEquals(file, e.file());
        assertArrayEquals(key(1), KeyFiles.readPublic(file), "public keys are not secret: no mode check");
    }

    @Test
    void readRefusesMissingDirectoryMalformedAndOversizedFiles() throws IOException {
        assertTrue(assertThrows(KeyFileException.class, () -> KeyFiles.readPublic(dir.resolve("none")))
                .problem().startsWith("does not exist"));
        assertTrue(assertThrows(KeyFileException.class, () -> KeyFiles.readPublic(dir))
                .problem().startsWith("is a directory"));
        Path two = Files.writeString(dir.resolve("two"), KeyFiles.encode(key(1)) + "\n" + KeyFiles.encode(key(2)) + "\n");
        assertTrue(assertThrows(KeyFileException.class, () -> KeyFiles.readPublic(two))
                .problem().startsWith("has more than one key line (lines 1 and 2)"));
        Path onlyComments = Files.writeString(dir.resolve("c"), "# nothing\n\n");
        assertTrue(assertThrows(KeyFileException.class, () -> KeyFiles.readPublic(onlyComments))
                .problem().startsWith("contains no key"));
        Path big = Files.write(dir.resolve("big"), new byte[KeyFiles.FILE_BYTES_MAX + 1]);
        assertTrue(assertThrows(KeyFileException.class, () -> KeyFiles.readPublic(big))
                .problem().startsWith("is larger than"));
    }

    @Test
    void commentsAndBlankLinesAroundTheKeyAreAllowed() throws IOException {
        Path file = Files.writeString(dir.resolve("k.pub"), "# a\r\n\r\n  " + KeyFiles.encode(key(3)) + "  \r\n# b\r\n");
        assertArrayEquals(key(3), KeyFiles.readPublic(file));
    }
}
