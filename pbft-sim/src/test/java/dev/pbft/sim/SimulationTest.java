package dev.pbft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded Byzantine simulation: {@code sim.seeds} runs (default 1,000) across group sizes and the
 * whole fault catalogue ({@link Scenario#generate}): Byzantine replicas, twins, crashes of any
 * replica, loss, duplicates, delays and healing partitions on every link. A failure prints its
 * seed, its scenario and the command that replays exactly that run ({@code -Dsim.seed=N}); more
 * seeds with {@code -Dsim.seeds=5000 -Dsim.firstSeed=1000}. At the end, a line per behaviour with
 * its runs and failures.
 */
class SimulationTest {
    private static final long FIRST_SEED = Long.getLong("sim.firstSeed", 1L);
    private static final int SEEDS = Integer.getInteger("sim.seeds", 1000);
    /** Behaviour set of a run to {runs, failures}, for the summary. */
    private static final Map<String, int[]> TALLY = new TreeMap<>();

    static Stream<Arguments> seeds() {
        Long only = Long.getLong("sim.seed");
        LongStream seeds = only != null ? LongStream.of(only) : LongStream.range(FIRST_SEED, FIRST_SEED + SEEDS);
        return seeds.mapToObj(seed -> Arguments.of(seed, scenario(seed)));
    }

    /**
     * The seed also picks the group: mostly n=4, also n=5 (f=1) and n=7 (f=2); one seed in ten
     * has clients send to every replica themselves ({@code request.relay = 0}), and one in five
     * (with n=4 and with n=7) has f+1 designated backups answer ({@code reply.designated = 1}), and
     * three in ten (with n=4, n=7, and the clients that send to all) order every request by digest
     * ({@code request.separate.bytes.min = 1}); three in ten have one replica answer whole and the
     * others by digest ({@code reply.digests = 1}), one of them with designated replies too; and three
     * (n=4, n=5, and n=7 with separate requests) send their GETs on the read-only path
     * ({@code request.read-only = 1}). Where the replicas relay, the primary names the requests it
     * relayed by digest in its PRE-PREPAREs ({@code request.relayed.digests = 1}, the default), except
     * one seed in ten, where they travel whole.
     */
    static SimOptions scenario(long seed) {
        SimOptions group = switch ((int) Math.floorMod(seed, 5L)) {
            case 3 -> SimOptions.faulty(7, 2);
            case 4 -> SimOptions.faulty(5, 1);
            default -> SimOptions.faulty(4, 1);
        };
        return switch ((int) Math.floorMod(seed, 10L)) {
            case 9 -> group.withRelay(false).withSeparateRequests(1);
            case 6 -> group.withDesignatedReplies(true).withDigestReplies(true);
            case 8 -> group.withDesignatedReplies(true);
            case 1 -> group.withSeparateRequests(1).withDigestReplies(true);
            case 3 -> group.withSeparateRequests(1).withReadOnly(true);
            case 0, 4 -> group.withReadOnly(true);
            case 2 -> group.withDigestReplies(true);
            case 7 -> group.withRelayedDigests(false);
            default -> group;
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everySeedKeepsSafetyAndLiveness(long seed, SimOptions options) {
        SimResult result = new Simulation(options, seed).run();
        synchronized (TALLY) {
            int[] t = TALLY.computeIfAbsent(result.scenario().behaviours(), k -> new int[2]);
            t[0]++;
            t[1] += result.ok() ? 0 : 1;
        }
        if (Boolean.getBoolean("sim.verbose")) {
            System.out.println("RUN " + result.report());
        }
        if (!result.ok()) {
            System.out.println("FAILED " + result.report());
        }
        assertTrue(result.ok(), result::report);
    }

    @AfterAll
    static void summary() {
        synchronized (TALLY) {
            TALLY.forEach((b, t) -> System.out.println("sim behaviour " + b + ": " + (t[0] - t[1]) + "/" + t[0] + " passed"));
        }
    }

    @Test
    void withSeparateRequestsThePrimaryOrdersByDigest() {
        SimOptions options = SimOptions.faulty(4, 1).withSeparateRequests(1);
        Simulation sim = new Simulation(options, Scenario.benign(options.maxDelayTicks()), 7);
        SimResult result = sim.run();
        assertTrue(result.ok(), result::report);
        long byDigest = sim.sent(dev.pbft.protocol.message.DigestPrePrepare.class);
        long whole = sim.sent(dev.pbft.protocol.message.PrePrepare.class);
        // Whole ones only where the message recovery re-sends a PRE-PREPARE to a replica that lags.
        assertTrue(byDigest > 4 * whole, byDigest + " by digest, " + whole + " whole");
    }

    @Test
    void aSeedReplaysExactly() {
        for (long seed : new long[] {42, 17 * 19 + 16}) { // a plain seed, and one with twins
            SimOptions options = scenario(seed);
            SimResult first = new Simulation(options, seed).run();
            SimResult second = new Simulation(options, seed).run();
            assertEquals(first.traceHash(), second.traceHash());
            assertEquals(first.delivered(), second.delivered());
            assertEquals(first.ticks(), second.ticks());
            assertEquals(first.violations(), second.violations());
        }
    }
}
