package dev.pbft.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyWarmupTest {
    /** The seconds a warm-up takes over {@code opsPerSecond}, or -1 if it never ends. */
    private static int endsAfter(long[] opsPerSecond, int min, int max) {
        List<Long> seen = new ArrayList<>();
        for (long ops : opsPerSecond) {
            seen.add(ops);
            if (SteadyWarmup.ends(seen, min, max)) {
                return seen.size();
            }
        }
        return -1;
    }

    @Test
    void aClimbKeepsWarmingUpAndAPlateauEndsIt() {
        // A start like the ones measured: a slow climb for 20 s, then about 10,000 ops/s.
        long[] run = new long[60];
        for (int s = 0; s < run.length; s++) {
            run[s] = s < 20 ? 500L * (s + 1) : 10_000 + (s % 2) * 300;
        }
        int ends = endsAfter(run, 10, 90);
        assertTrue(ends >= 28 && ends <= 36, "the warm-up ends some seconds into the plateau, not at " + ends);
    }

    @Test
    void theMinimumAndTheMaximumHold() {
        long[] flat = new long[40];
        java.util.Arrays.fill(flat, 5_000);
        assertEquals(20, endsAfter(flat, 20, 30), "steady from the start: ends at the minimum");
        assertEquals(2 * SteadyWarmup.WINDOW_SECONDS, endsAfter(flat, 5, 30), "or once there are two windows to compare");
        long[] climbing = new long[40];
        for (int s = 0; s < climbing.length; s++) {
            climbing[s] = 1L << Math.min(s, 30);
        }
        assertEquals(30, endsAfter(climbing, 15, 30), "still climbing: ends at the maximum");
        assertEquals(20, endsAfter(climbing, 20, 20), "min = max: a fixed warm-up");
    }

    @Test
    void aLoadSpecRefusesAMaximumBelowTheMinimum() {
        assertThrows(IllegalArgumentException.class, () -> new LoadSpec(List.of("c0"), 1, 0, 30, 10, List.of(), 20));
        assertEquals(30, new LoadSpec(List.of("c0"), 1, 0, 30, 10, List.of()).warmupMaxSeconds(), "fixed by default");
    }

    @Test
    void aDipDuringTheClimbIsNotThePlateau() {
        long[] run = {1_000, 1_200, 1_100, 1_300, 1_200, 1_400, 1_300, 1_500, 1_400, 1_600, 3_000, 5_000, 7_000, 4_000,
            5_000, 5_000, 8_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000,
            10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000};
        int ends = endsAfter(run, 0, 90);
        assertTrue(ends >= 24, "not in the early plateau or the dip: " + ends);
    }
}
