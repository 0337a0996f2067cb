package dev.pbft.bench.load;

import java.util.List;

/**
 * When a warm-up may end: once throughput has stopped climbing. Five JVMs compiling on two cores take
 * anywhere from 20 to 40 s to reach their pace, so a fixed warm-up measures part of the climb in
 * some runs and not in others; that alone made one row of the attack table read 0.50, 1.10 and 0.49
 * in three passes. The windows are long enough that a dip of a second or two during the climb (a
 * collection, a recompilation) does not pass for the plateau.
 *
 * <p>Throughput has stopped climbing when the mean of the last {@value #WINDOW_SECONDS} seconds is
 * at most {@value #CLIMB_PERCENT}% above the mean of the {@value #WINDOW_SECONDS} before them.
 */
public final class SteadyWarmup {
    /** Seconds in each of the two windows compared. */
    public static final int WINDOW_SECONDS = 8;
    /** How far above the earlier window the later one may be and still count as steady. */
    public static final int CLIMB_PERCENT = 10;

    private SteadyWarmup() {
    }

    /**
     * Whether the warm-up ends after the seconds in {@code opsPerSecond} (one entry per warm-up
     * second so far): never before {@code minSeconds}, always at {@code maxSeconds}, and in between
     * once throughput has stopped climbing.
     */
    public static boolean ends(List<Long> opsPerSecond, int minSeconds, int maxSeconds) {
        int seconds = opsPerSecond.size();
        if (seconds < minSeconds) {
            return false;
        }
        if (seconds >= maxSeconds) {
            return true;
        }
        if (seconds < 2 * WINDOW_SECONDS) {
            return false;
        }
        long later = sum(opsPerSecond, seconds - WINDOW_SECONDS, seconds);
        long earlier = sum(opsPerSecond, seconds - 2 * WINDOW_SECONDS, seconds - WINDOW_SECONDS);
        return later * 100 <= earlier * (100 + CLIMB_PERCENT);
    }

    private static long sum(List<Long> values, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += values.get(i);
        }
        return total;
    }
}
