package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import dev.pbft.replica.runtime.Replica;
import dev.pbft.replica.service.KvService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Path file = GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4), ProtocolParams.defaults());
        ClusterConfig config = ClusterConfig.load(file);
        List<Replica> replicas = new ArrayList<>();
        try {
            for (int id = 0; id < 4; id++) {
                replicas.add(Replica.builder().config(config).id(id).service(new KvService()).start());
            }
            try (PbftClient client = PbftClient.builder().config(config).client("c0").build()) {
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

            replicas.get(2).close();
            replicas.get(3).close();
            Run half = status(file);
            assertEquals(Main.EXIT_UNHEALTHY, half.exit(), half.out());
            assertTrue(half.out().contains("replica 3 at 127.0.0.1:"), half.out());
            assertTrue(half.out().endsWith("2 of 4 replicas healthy (2f+1 = 3 needed); no answer from replica 2,"
                    + " replica 3; disagreeing with the majority: none\n"), half.out());
        } finally {
            replicas.forEach(Replica::close);
        }
    }
}
