package dev.pbft.config;

import static dev.pbft.config.Fixture.inlineKey;
import static dev.pbft.config.Fixture.lineOf;
import static dev.pbft.config.Fixture.validLines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Refusals of key files and clients: each points at the line that named the file. */
class KeyRefusalTest {

    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    /** Valid lines with replica 1's public key taken from {@code file} instead of inline. */
    private static List<String> withReplica1KeyFile(String file) {
        List<String> lines = validLines();
        lines.set(lineOf(lines, "replica.1.public-key") - 1, "replica.1.public-key-file = " + file);
        return lines;
    }

    @Test
    void missingPublicKeyFile() {
        List<String> lines = withReplica1KeyFile("keys/replica-1.pub");
        fx.assertError(fx.refuse(lines), lineOf(lines, "replica.1.public-key-file"), "replica.1.public-key-file",
                "public key file " + dir.resolve("keys/replica-1.pub") + " does not exist", "expected a key file");
    }

    @Test
    void publicKeyFileThatIsNotBase64() throws IOException {
        Files.writeString(dir.resolve("r1.pub"), "# comment\nthis is not base64!\n");
        List<String> lines = withReplica1KeyFile("r1.pub");
        fx.assertError(fx.refuse(lines), lineOf(lines, "replica.1.public-key-file"), "replica.1.public-key-file",
                "public key file " + dir.resolve("r1.pub") + " line 2 is not valid base64",
                "expected standard base64 encoding 64 bytes");
    }

    @Test
    void publicKeyFileOfWrongLength() throws IOException {
        Files.writeString(dir.resolve("r1.pub"), "AAAAAAAA\n");
        List<String> lines = withReplica1KeyFile("r1.pub");
        fx.assertError(fx.refuse(lines), lineOf(lines, "replica.1.public-key-file"), "replica.1.public-key-file",
                "line 1 decodes to 6 bytes; expected standard base64 encoding 64 bytes");
    }

    @Test
    void unreadableKeyFileBecauseItIsADirectory() throws IOException {
        // Tests may run as root, which reads a chmod 000 file anyway; a directory cannot be read as a key.
        Files.createDirectories(dir.resolve("r1.pub"));
        List<String> lines = withReplica1KeyFile("r1.pub");
        fx.assertError(fx.refuse(lines), lineOf(lines, "replica.1.public-key-file"), "replica.1.public-key-file",
                "public key file " + dir.resolve("r1.pub") + " is a directory; expected a key file");
    }

    @Test
    void missingPrivateKeyFile() {
        List<String> lines = validLines();
        lines.add("replica.0.private-key-file = /nonexistent/replica-0.key");
        fx.assertError(fx.refuse(lines), lines.size(), "replica.0.private-key-file",
                "private key file /nonexistent/replica-0.key does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw-r--r--", "rw-----w-"})
    void privateKeyAccessibleByGroupOrOthers(String mode) throws IOException {
        Path key = fx.privateKeyFile("keys/replica-0.key", 100);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
        String octal = KeyFiles.mode(PosixFilePermissions.fromString(mode));
        List<String> lines = validLines();
        lines.add("replica.0.private-key-file = keys/replica-0.key");
        fx.assertError(fx.refuse(lines), lines.size(), "replica.0.private-key-file",
                "private key file " + key + " is " + (mode.equals("rw-----w-") ? "accessible" : "readable")
                        + " by group or others (mode " + octal + "); expected mode 0600: chmod 600 " + key);
    }

    @Test
    void duplicateClientInlineAndInFolder() {
        fx.publicKeyFile("clients/alice.pub", 50);
        fx.publicKeyFile("clients/bob.pub", 51);
        List<String> lines = validLines();
        lines.add("clients.dir = clients");
        lines.add("client.alice.public-key = " + inlineKey(52));
        fx.assertError(fx.refuse(lines), lines.size(), "client.alice.public-key",
                "duplicate client id: client 'alice' is defined here and as " + dir.resolve("clients/alice.pub")
                        + " in clients.dir (line " + (lines.size() - 1) + ")", "expected each client defined once");
    }

    @Test
    void missingClientsDir() {
        List<String> lines = validLines();
        lines.add("clients.dir = no-such-folder");
        fx.assertError(fx.refuse(lines), lines.size(), "clients.dir",
                "folder " + dir.resolve("no-such-folder") + " does not exist", "expected a folder of NAME.pub");
    }

    @Test
    void badKeyFileInClientsDirPointsAtClientsDirLine() throws IOException {
        Files.createDirectories(dir.resolve("clients"));
        Files.writeString(dir.resolve("clients/carol.pub"), "");
        fx.publicKeyFile("clients/dave.pub", 53);
        Path daveKey = fx.privateKeyFile("clients/dave.key", 54);
        Files.setPosixFilePermissions(daveKey, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> lines = validLines();
        lines.add("clients.dir = clients");
        ConfigException e = fx.refuse(lines);
        fx.assertError(e, lines.size(), "clients.dir", "public key file " + dir.resolve("clients/carol.pub") + " contains no key");
        fx.assertError(e, lines.size(), "clients.dir", "private key file " + daveKey + " is readable by group or others");
    }

    @Test
    void invalidClientName() {
        List<String> lines = validLines();
        lines.add("client.al!ce.public-key = " + inlineKey(9));
        fx.assertError(fx.refuse(lines), lines.size(), "client.al!ce.public-key",
                "client name 'al!ce' is invalid; expected 1 to 32 characters from A-Z a-z 0-9 _ -");
    }

    @Test
    void clientWithOnlyAPrivateKey() {
        fx.privateKeyFile("alice.key", 9);
        List<String> lines = validLines();
        lines.add("client.alice.private-key-file = alice.key");
        fx.assertError(fx.refuse(lines), lines.size(), "client.alice.private-key-file",
                "client.alice has no public key; expected client.alice.public-key = BASE64");
    }
}
