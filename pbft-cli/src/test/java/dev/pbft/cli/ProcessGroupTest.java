package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes on real sockets: a group of 7 replica JVMs (f = 2) started through the CLI from a
 * generated config, under a self-checking key-value load from several clients. The primary is
 * SIGKILLed; the group must elect a new one and go on serving. Then a backup is SIGKILLed too (two
 * down, as f = 2 allows) and the group must still serve. At the end every write a client saw
 * acknowledged must read back with its value, and no operation may have failed or returned a
 * wrong result. Every wait polls a condition with a deadline.
 */
class ProcessGroupTest {
    static final int F = 2;
    static final int N = 3 * F + 1;
    static final int CLIENTS = 4;
    /** Operations the load must complete after each event to count as "still serving". */
    static final int PROGRESS_OPS = 200;
    static final long STEP_DEADLINE_SECONDS = 90;


    @TempDir
    Path dir;

    @Test
    void aGroupOfSevenSurvivesItsPrimaryAndThenABackupSigkilledUnderLoadAndKeepsEveryAcknowledgedWrite()
            throws Exception {
        // A client call failing then means the group stopped serving, not that 7 JVMs on 2 cores were slow.
        ProtocolParams params = ProtocolParams.builder().set("client.timeout.millis", 20_000).build();
        Path configFile = GroupGenerator.generate(dir, F, N, CLIENTS, "127.0.0.1", FreePorts.findRun(N), params);
        ClusterConfig config = ClusterConfig.load(configFile);
        assertEquals(N, config.n());
        List<PbftClient> clients = new ArrayList<>();
        List<KvWorkload> workloads = new ArrayList<>();
        List<DemoClient> load = new ArrayList<>();
        try (LocalGroup group = LocalGroup.start(configFile, N, "kv")) {
            ProcessWaits waits = new ProcessWaits(STEP_DEADLINE_SECONDS, PROGRESS_OPS, group);
            waits.startLoad(config, CLIENTS, clients, workloads, load);
            waits.awaitProgress(load, "the load runs before any kill");
            waits.assertAllRunning();

            // Replica 0 in view 0, unless the replicas already changed view while the JVMs started.
            PbftClient mostInformed = clients.stream().max(Comparator.comparingLong(PbftClient::view)).orElseThrow();
            long oldView = mostInformed.view();
            int oldPrimary = mostInformed.primary();
            group.kill(oldPrimary);
            assertFalse(group.isAlive(oldPrimary));
            waits.await(() -> clients.stream().anyMatch(c -> c.view() > oldView),
                    "a client learns of a view after " + oldView + " once its primary " + oldPrimary + " was SIGKILLed");
            PbftClient informed = clients.stream().filter(c -> c.view() > oldView).findFirst().orElseThrow();
            int newPrimary = informed.primary();
            assertNotEquals(oldPrimary, newPrimary, "view " + informed.view() + " has a live primary");
            waits.awaitProgress(load, "the load goes on under primary " + newPrimary);

            int backup = aBackupOtherThan(oldPrimary, newPrimary);
            group.kill(backup);
            assertFalse(group.isAlive(backup));
            waits.awaitProgress(load, "the load goes on with replicas " + oldPrimary + " and " + backup + " down");

            ProcessWaits.stopAndCheck(load, workloads);
        } finally {
            for (DemoClient d : load) {
                d.stop();
            }
            clients.forEach(PbftClient::close);
        }
    }

    /** The replica after the new primary that is not the old one: a backup in the new view. */
    private static int aBackupOtherThan(int oldPrimary, int newPrimary) {
        for (int step = 1; ; step++) {
            int candidate = (newPrimary + step) % N;
            if (candidate != oldPrimary) {
                return candidate;
            }
        }
    }
}
