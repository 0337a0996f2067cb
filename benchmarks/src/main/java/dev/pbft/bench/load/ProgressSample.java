package dev.pbft.bench.load;

import java.util.Arrays;

/**
 * Every replica's progress at one instant of a run, as the replicas last reported it (each writes
 * its status every 100 ms, so a value may be up to about that old).
 *
 * @param runSeconds  when the sample was taken, in seconds from the start of the warm-up
 * @param executed    per replica id, the last sequence number it executed, or {@link #UNKNOWN} if it
 *                    was not running or had not reported yet; a private copy
 */
public record ProgressSample(double runSeconds, long[] executed) {
    /** The replica was not running, or had not reported its progress yet. */
    public static final long UNKNOWN = -1;

    public ProgressSample {
        executed = executed.clone();
        for (long e : executed) {
            if (e < UNKNOWN) {
                throw new IllegalArgumentException("executed sequence numbers must be >= 0 or UNKNOWN, got "
                        + Arrays.toString(executed));
            }
        }
    }

    /** The number of replicas sampled. */
    public int replicas() {
        return executed.length;
    }

    /** Replica {@code id}'s last executed sequence number, or {@link #UNKNOWN}. */
    public long executed(int id) {
        return executed[id];
    }

    /** A copy of all of them, indexed by replica id. */
    @Override
    public long[] executed() {
        return executed.clone();
    }

    /** The highest known value among the replicas other than {@code id}; {@link #UNKNOWN} if none is known. */
    public long maxExecutedExcept(int id) {
        long max = UNKNOWN;
        for (int i = 0; i < executed.length; i++) {
            if (i != id) {
                max = Math.max(max, executed[i]);
            }
        }
        return max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProgressSample p && p.runSeconds == runSeconds && Arrays.equals(p.executed, executed);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(runSeconds) * 31 + Arrays.hashCode(executed);
    }

    @Override
    public String toString() {
        return "ProgressSample[" + runSeconds + " s, executed " + Arrays.toString(executed) + "]";
    }
}
