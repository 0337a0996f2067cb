package dev.pbft.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Crash-recovery in the simulator: replicas crash, lose their memory, and start again from their
 * journal and checkpoint images, while the network drops, delays and partitions. Every checker
 * runs (agreement on batches and on state digests, including the state a restarted replica loads
 * or fetches, exactly-once, linearizability, liveness), and a restarted replica must reach the
 * group's last executed batch within the liveness bound. Scenarios are drawn from the seed, so a
 * failure replays with its seed.
 */
class RestartSimulationTest {
    private static final int SEEDS = Integer.getInteger("sim.restartSeeds", 120);

    /** One replica (the primary in a third of the runs) crashes and comes back, maybe after a long time. */
    private static Scenario oneRestarts(SimOptions o, long seed) {
        Random r = new Random(seed);
        int id = r.nextInt(3) == 0 ? 0 : r.nextInt(o.n());
        long crash = 30 + r.nextInt(800);
        long restart = crash + 20 + r.nextInt(1_500);
        return scenario(o, r, singleton(id, crash), singleton(id, restart), restart, new TreeSet<>());
    }

    /** One replica crashes and comes back with an empty disk: fenced, it must still catch up. */
    private static Scenario oneLosesItsDisk(SimOptions o, long seed) {
        Random r = new Random(seed);
        int id = r.nextInt(3) == 0 ? 0 : r.nextInt(o.n());
        long crash = 30 + r.nextInt(800);
        long restart = crash + 20 + r.nextInt(1_500);
        return scenario(o, r, singleton(id, crash), singleton(id, restart), restart, new TreeSet<>(List.of(id)));
    }

    /** Every replica crashes, at nearly the same moment, and all come back: nothing acknowledged may be lost. */
    private static Scenario allRestart(SimOptions o, long seed) {
        Random r = new Random(seed);
        TreeMap<Integer, Long> crashes = new TreeMap<>();
        TreeMap<Integer, Long> restarts = new TreeMap<>();
        long at = 100 + r.nextInt(600);
        long last = 0;
        for (int id = 0; id < o.n(); id++) {
            long crash = at + r.nextInt(20);
            long restart = crash + 10 + r.nextInt(300);
            crashes.put(id, crash);
            restarts.put(id, restart);
            last = Math.max(last, restart);
        }
        return scenario(o, r, crashes, restarts, last, new TreeSet<>());
    }

    private static Scenario scenario(SimOptions o, Random r, TreeMap<Integer, Long> crashes,
                                     TreeMap<Integer, Long> restarts, long end, TreeSet<Integer> diskLost) {
        List<NetworkFaults.Partition> partitions = new ArrayList<>();
        if (r.nextBoolean()) {
            long from = r.nextInt((int) end);
            partitions.add(new NetworkFaults.Partition(new TreeSet<>(List.of(r.nextInt(o.n()))), from,
                    from + 100 + r.nextInt(1_200), r.nextBoolean()));
        }
        long phaseEnds = partitions.stream().mapToLong(NetworkFaults.Partition::until).max().orElse(0);
        var net = new NetworkFaults(r.nextInt(6), r.nextInt(4), 3 + r.nextInt(8), partitions, Math.max(end, phaseEnds));
        return new Scenario(new TreeMap<>(), crashes, restarts, diskLost, net);
    }

    private static TreeMap<Integer, Long> singleton(int id, long tick) {
        TreeMap<Integer, Long> m = new TreeMap<>();
        m.put(id, tick);
        return m;
    }

    private interface Generator {
        Scenario make(SimOptions o, long seed);
    }

    private static void runAll(Generator g, int seeds) {
        SimOptions o = SimOptions.faulty(4, 1);
        List<String> failed = new ArrayList<>();
        long only = Long.getLong("sim.seed", 0);
        for (long seed = only > 0 ? only : 1; seed <= (only > 0 ? only : seeds); seed++) {
            SimResult result = new Simulation(o, g.make(o, seed), seed).run();
            if (!result.ok()) {
                failed.add(result.report());
            }
        }
        assertTrue(failed.isEmpty(), () -> failed.size() + " of " + seeds + " seeds failed; first:\n" + failed.get(0));
    }

    @Test
    void aReplicaThatCrashesAndRestartsCatchesUp() {
        runAll(RestartSimulationTest::oneRestarts, SEEDS);
    }

    @Test
    void aReplicaThatLostItsDiskCatchesUpWithoutBreakingAgreement() {
        runAll(RestartSimulationTest::oneLosesItsDisk, SEEDS);
    }

    @Test
    void theWholeGroupCrashesAndRestartsWithNothingAcknowledgedLost() {
        runAll(RestartSimulationTest::allRestart, SEEDS);
    }
}
