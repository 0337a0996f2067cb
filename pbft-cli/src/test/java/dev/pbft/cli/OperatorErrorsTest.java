package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator can get wrong ends in one line that names it, and its own exit code. */
class OperatorErrorsTest {
    @TempDir
    Path dir;
    private Path config;
    private int basePort;

    @BeforeEach
    void group() {
        basePort = FreePorts.findRun(4);
        assertEquals(0, Main.run("keygen", "--dir", dir.toString(), "--base-port", Integer.toString(basePort)));
        config = dir.resolve(GroupGenerator.CONFIG_FILE);
    }

    @Test
    void aTakenPortIsNamedWithItsFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(basePort, 1, InetAddress.getByName("127.0.0.1"))) {
            Run run = run("replica", "-c", config.toString(), "--id", "0", "--in-memory");
            assertEquals(Main.EXIT_ADDRESS, run.code);
            assertEquals(List.of("pbft replica: replica 0 cannot listen on 127.0.0.1:" + basePort
                    + ": address already in use; stop the process that holds it, or change replica.0 in " + config),
                    run.lines());
        }
    }

    @Test
    void aMissingKeyFileIsOneLine() {
        Run run = run("replica", "-c", config.toString(), "--id", "1", "--in-memory", "--key", dir.resolve("nope").toString());
        assertEquals(Main.EXIT_KEY, run.code);
        assertEquals(List.of("pbft replica: key file " + dir.resolve("nope") + " does not exist; expected a key file"
                + " written by keygen"), run.lines());
    }

    @Test
    void aReplicaWithoutAKeySettingIsToldBothWaysToGiveOne() throws Exception {
        Files.writeString(config, Files.readString(config).replace("replica.2.private-key-file", "# replica.2.private-key-file"));
        Run run = run("replica", "-c", config.toString(), "--id", "2", "--in-memory");
        assertEquals(Main.EXIT_KEY, run.code);
        assertEquals(List.of("pbft replica: replica 2 has no private key: give --key FILE, or set"
                + " replica.2.private-key-file in " + config), run.lines());
    }

    @Test
    void aReplicaGivenAnotherReplicasKeyRefusesToStart() {
        Path other = dir.resolve("private/replica-2.key");
        Run run = run("replica", "-c", config.toString(), "--id", "1", "--in-memory", "--key", other.toString());
        assertEquals(Main.EXIT_KEY, run.code);
        assertEquals(List.of("pbft replica: key file " + other + " does not belong to replica.1.public-key in " + config
                + "; every peer would refuse this replica: give the key file written with that public key"), run.lines());
    }

    @Test
    void validateMatchesEveryPrivateKeyAgainstItsPublicKey() throws Exception {
        Path zero = dir.resolve("private/replica-0.key");
        Path one = dir.resolve("private/replica-1.key");
        Path swap = dir.resolve("private/swap");
        Files.move(zero, swap);
        Files.move(one, zero);
        Files.move(swap, one);
        Run run = run("validate", "--config", config.toString());
        assertEquals(Main.EXIT_KEY, run.code);
        assertEquals(List.of(
                config + ": replica.0: private key file " + zero + " does not belong to the public key the config lists;"
                        + " expected the key file written with it (keygen)",
                config + ": replica.1: private key file " + one + " does not belong to the public key the config lists;"
                        + " expected the key file written with it (keygen)"), run.lines());
    }

    @Test
    void anUnknownOptionIsOneLineAndAHintNotTheWholeUsage() {
        Run run = run("replica", "-c", config.toString(), "--id", "1", "--bogus");
        assertEquals(Main.EXIT_USAGE, run.code);
        assertEquals(List.of("pbft replica: Unknown option: '--bogus'", "('pbft replica --help' lists the options)"),
                run.lines());
    }

    @Test
    void anUnexpectedFailureIsOneLineWithoutAStackTrace() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Run run = run("replica", "-c", config.toString(), "--id", "1", "--data-dir", file.resolve("data").toString());
        assertEquals(Main.EXIT_FAILED, run.code);
        assertEquals(1, run.lines().size(), run.err);
        assertTrue(run.lines().get(0).startsWith("pbft replica: failed: "), run.err);
        assertTrue(run.lines().get(0).contains(file.toString()), run.err);
        assertFalse(run.err.contains("\tat "), run.err);
    }

    @Test
    void aClientOfAGroupThatIsDownSaysWhatItCouldNotReachWithExitCode5() {
        Run run = run("client", "-c", config.toString(), "--id", "c0", "put", "k", "v");
        assertEquals(Main.EXIT_UNANSWERED, run.code);
        assertEquals(1, run.lines().size(), run.err);
        assertTrue(run.lines().get(0).startsWith("pbft client: timed out after 5000 ms: 0 replies, no f+1 match;"
                + " connected to 0 of 4 replicas; replica 0 at 127.0.0.1:" + basePort + ", replica 1 at"), run.err);
        assertTrue(run.lines().get(0).endsWith(" cannot connect: Connection refused"), run.err);
    }

    private record Run(int code, String err) {
        /** Stderr without the log's lines (they start with a time of day). */
        List<String> lines() {
            return err.lines().filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList();
        }
    }

    private static Run run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }
}
