package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes, real disks: a group of 4 replica JVMs under a self-checking key-value load from
 * several clients is SIGKILLed whole (no replica says goodbye), started again on the same data
 * directories, and must go on serving. Every client's keys are its own registers, used one
 * operation at a time, so the check is linearizability per register: each read and
 * compare-and-set must see the last acknowledged write, through the crash too, and at the end
 * every acknowledged write reads back. Operations in flight during the outage wait (client
 * timeout 120 s) and complete after the restart, so none may fail.
 */
class RestartProcessTest {
    static final int F = 1;
    static final int N = 3 * F + 1;
    static final int CLIENTS = 4;
    static final int PROGRESS_OPS = 300;
    static final long STEP_DEADLINE_SECONDS = 120;


    @TempDir
    Path dir;

    @Test
    void theWholeGroupSigkilledUnderLoadRestartsWithEveryAcknowledgedWrite() throws Exception {
        ProtocolParams params = ProtocolParams.builder().set("client.timeout.millis", 120_000)
                .set("checkpoint.interval", 32).set("window.size", 64).build();
        Path configFile = GroupGenerator.generate(dir, F, N, CLIENTS, "127.0.0.1", FreePorts.findRun(N), params);
        ClusterConfig config = ClusterConfig.load(configFile);
        List<PbftClient> clients = new ArrayList<>();
        List<KvWorkload> workloads = new ArrayList<>();
        List<DemoClient> load = new ArrayList<>();
        LocalGroup group = LocalGroup.start(configFile, N, "kv");
        try {
            ProcessWaits waits = new ProcessWaits(STEP_DEADLINE_SECONDS, PROGRESS_OPS, group);
            waits.startLoad(config, CLIENTS, clients, workloads, load);
            waits.awaitProgress(load, "the load runs before the crash");
            waits.assertAllRunning();

            for (int id = 0; id < N; id++) {
                group.kill(id);
                assertFalse(group.isAlive(id));
            }
            for (int id = 0; id < N; id++) {
                assertTrue(Files.exists(dir.resolve("data").resolve("replica-" + id).resolve("journal")),
                        "replica " + id + " kept a journal");
            }
            group.close();
            group = LocalGroup.start(configFile, N, "kv");
            waits = new ProcessWaits(STEP_DEADLINE_SECONDS, PROGRESS_OPS, group);
            waits.awaitProgress(load, "the load goes on after all " + N + " replicas were SIGKILLed and restarted");

            ProcessWaits.stopAndCheck(load, workloads);
        } finally {
            for (DemoClient d : load) {
                d.stop();
            }
            clients.forEach(PbftClient::close);
            group.close();
        }
    }
}
