package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.client.PbftClient;
import dev.pbft.config.ProtocolParams;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pbft status} against a group of four in this JVM, whole and then with two replicas gone. */
class StatusCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private static Run status(Path config) {
        PrintStream saved = System.out;
        var bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run("status", "--config", config.toString(), "--timeout-millis", "2000");
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void aWholeGroupIsHealthyAndOneMissingTwoReplicasIsNot() throws Exception {
        try (InProcessGroup group = InProcessGroup.start(dir, ProtocolParams.defaults())) {
            Path file = group.file;
            try (PbftClient client = PbftClient.builder().config(group.config).client("c0").build()) {
                client.invoke(new byte[0]);
            }
            Run whole = status(file);
            assertEquals(0, whole.exit(), whole.out());
            // At once again: replicas answer one client at most every 100 ms, so this asks twice.
            Run again = status(file);
            assertEquals(0, again.exit(), again.out());
            assertTrue(whole.out().matches("(?s)replica 0 at 127\\.0\\.0\\.1:\\d+: view 0, primary 0, executed \\d+,"
                    + " stable checkpoint 0 \\(the initial state\\), peers \\d/3\n.*"), whole.out());
            assertTrue(whole.out().endsWith("4 of 4 replicas healthy (2f+1 = 3 needed); disagreeing with the majority:"
                    + " none\n"), whole.out());

            group.replicas.get(2).close();
            group.replicas.get(3).close();
            Run half = status(file);
            assertEquals(Main.EXIT_UNHEALTHY, half.exit(), half.out());
            assertTrue(half.out().contains("replica 3 at 127.0.0.1:"), half.out());
            assertTrue(half.out().endsWith("2 of 4 replicas healthy (2f+1 = 3 needed); no answer from replica 2,"
                    + " replica 3; disagreeing with the majority: none\n"), half.out());
        }
    }
}
