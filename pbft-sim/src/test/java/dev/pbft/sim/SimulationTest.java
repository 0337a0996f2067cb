package dev.pbft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded simulation: {@code sim.seeds} runs (default 200) across group sizes, each with delays,
 * reordering, duplicates, lost client messages and up to f crashed backups. A failure prints its
 * seed and the command that replays exactly that run ({@code -Dsim.seed=N}).
 */
class SimulationTest {
    private static final long FIRST_SEED = Long.getLong("sim.firstSeed", 1L);
    private static final int SEEDS = Integer.getInteger("sim.seeds", 200);

    static Stream<Arguments> seeds() {
        Long only = Long.getLong("sim.seed");
        LongStream seeds = only != null ? LongStream.of(only) : LongStream.range(FIRST_SEED, FIRST_SEED + SEEDS);
        return seeds.mapToObj(seed -> Arguments.of(seed, scenario(seed)));
    }

    /** The seed also picks the group: mostly n=4, also n=5 (f=1) and n=7 (f=2). */
    static SimOptions scenario(long seed) {
        return switch ((int) Math.floorMod(seed, 5L)) {
            case 3 -> SimOptions.faulty(7, 2);
            case 4 -> SimOptions.faulty(5, 1);
            default -> SimOptions.faulty(4, 1);
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everySeedKeepsSafetyAndLiveness(long seed, SimOptions options) {
        SimResult result = new Simulation(options, seed).run();
        assertTrue(result.ok(), () -> result + "\n" + String.join("\n", result.violations())
                + "\nreplay: " + result.replayCommand());
    }

    @Test
    void aSeedReplaysExactly() {
        SimOptions options = SimOptions.faulty(4, 1);
        SimResult first = new Simulation(options, 42).run();
        SimResult second = new Simulation(options, 42).run();
        assertEquals(first.traceHash(), second.traceHash());
        assertEquals(first.delivered(), second.delivered());
        assertEquals(first.ticks(), second.ticks());
    }

    @Test
    void theCheckersNoticeWhatTheyShould() {
        // With 2 of 4 replicas crashed (more than f=1), no request can commit: liveness must fail.
        SimOptions tooMany = new SimOptions(4, 1, 2, 5, 1, 3, 5, 0, 0, 0, 8, 32, 5_000);
        SimResult result = new Simulation(tooMany, 7).crashAlso(2).crashAlso(3).run();
        assertTrue(result.violations().stream().anyMatch(v -> v.startsWith("liveness")), result.toString());
    }
}
