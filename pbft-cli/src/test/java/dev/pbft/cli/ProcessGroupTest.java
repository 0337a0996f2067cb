package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pbft.client.KvClient;
import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes on real sockets: 4 replica JVMs started through the CLI from a generated config,
 * 1,000 checked operations, one backup killed with SIGKILL, 1,000 more.
 */
class ProcessGroupTest {
    @TempDir
    Path dir;

    @Test
    void aGroupOfFourProcessesServesClientsAndSurvivesASigkilledBackup() throws Exception {
        Path configFile = GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4),
                ProtocolParams.defaults());
        ClusterConfig config = ClusterConfig.load(configFile);
        try (LocalGroup group = LocalGroup.start(configFile, 4, "kv");
             PbftClient client = PbftClient.builder().config(config).client("c0").build()) {
            KvClient kv = new KvClient(client);
            awaitAnswer(kv);
            Map<String, String> expected = new HashMap<>();
            runChecked(kv, expected, 0, 1_000);
            group.kill(3);
            assertFalse(group.isAlive(3), "replica 3 was killed");
            runChecked(kv, expected, 1_000, 2_000);
        }
    }

    /** Alternating writes and reads of 50 keys; every read must return the last write. */
    private static void runChecked(KvClient kv, Map<String, String> expected, int from, int to) {
        for (int i = from; i < to; i++) {
            String key = "key-" + (i % 50);
            if (i % 2 == 0) {
                kv.put(key, "value-" + i);
                expected.put(key, "value-" + i);
            } else {
                assertEquals(Optional.ofNullable(expected.get(key)), kv.get(key), "operation " + i);
            }
        }
    }

    /** Replica JVMs take a moment to start; a client call that times out is retried until a deadline. */
    private static void awaitAnswer(KvClient kv) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                kv.put("ready", "yes");
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the group did not answer within 90 s", notYet);
                }
                Thread.sleep(200);
            }
        }
    }
}
