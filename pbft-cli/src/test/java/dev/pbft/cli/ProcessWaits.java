package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.client.KvClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits with deadlines and the final checks of the process tests' checked key-value load. */
final class ProcessWaits {
    private final long deadlineSeconds;
    private final int progressOps;
    private final LocalGroup group;

    /**
     * @param deadlineSeconds how long any one wait may take
     * @param progressOps     operations the load must complete to count as "still serving"
     * @param group           the replicas whose statuses a failed wait reports
     */
    ProcessWaits(long deadlineSeconds, int progressOps, LocalGroup group) {
        this.deadlineSeconds = deadlineSeconds;
        this.progressOps = progressOps;
        this.group = group;
    }

    /** Waits until the load completes {@code progressOps} more operations than it had now. */
    void awaitProgress(List<DemoClient> load, String what) throws InterruptedException {
        long target = operations(load) + progressOps;
        await(() -> operations(load) >= target, what + " (" + progressOps + " more operations)");
    }

    private static long operations(List<DemoClient> load) {
        return load.stream().mapToLong(DemoClient::operations).sum();
    }

    void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + deadlineSeconds + " s: " + what + "; " + statuses());
            }
            Thread.sleep(10);
        }
    }

    /** Fails at once, naming it, if a replica has exited (it could not bind its port, say). */
    void assertAllRunning() {
        for (int id = 0; id < group.size(); id++) {
            assertTrue(group.isAlive(id), "replica " + id + " exited (see its output above)");
        }
    }

    /** Where each replica stood, so that a failed wait in CI says which one held the group up. */
    private String statuses() {
        StringBuilder b = new StringBuilder("replicas:");
        for (int id = 0; id < group.size(); id++) {
            b.append(' ').append(id).append('=');
            if (!group.isAlive(id)) {
                b.append("down");
                continue;
            }
            b.append(group.status(id).map(st -> "view " + st.view() + " executed " + st.lastExecuted() + " stable "
                    + st.lowWaterMark() + " peers " + st.peersConnected()).orElse("no-status"));
        }
        return b.toString();
    }

    /** Replica JVMs take a moment to start; a client call that times out is retried until a deadline. */
    void awaitAnswer(KvClient kv) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        while (true) {
            try {
                kv.put("ready", "yes");
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the group did not answer within " + deadlineSeconds + " s", notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Starts the checked load: client c0..c{count-1}, each once the group answers it, with a
     * workload on 16 keys of its own; fills the three lists.
     */
    void startLoad(dev.pbft.config.ClusterConfig config, int count, List<dev.pbft.client.PbftClient> clients,
                   List<KvWorkload> workloads, List<DemoClient> load) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            dev.pbft.client.PbftClient client = dev.pbft.client.PbftClient.builder().config(config).client("c" + i).build();
            clients.add(client);
            awaitAnswer(new KvClient(client));
            workloads.add(new KvWorkload(new KvClient(client), client.name(), 16));
            load.add(new DemoClient(workloads.get(i)));
        }
        load.forEach(DemoClient::start);
    }

    /**
     * Stops the load and checks it: no failed operation, no read or compare-and-set that disagreed
     * with an acknowledged write, and every acknowledged write reads back.
     */
    static void stopAndCheck(List<DemoClient> load, List<KvWorkload> workloads) throws InterruptedException {
        for (DemoClient d : load) {
            assertTrue(d.stop(), "a client's last operation ended");
        }
        assertEquals(0, load.stream().mapToLong(DemoClient::errors).sum(), "failed operations (see stderr)");
        assertEquals(0, load.stream().mapToLong(DemoClient::wrongResults).sum(),
                "reads and compare-and-sets that disagreed with acknowledged writes");
        for (KvWorkload w : workloads) {
            assertEquals(List.of(), w.staleKeys(), "keys whose last acknowledged write is not what the group returns");
        }
    }
}
