package dev.pbft.bench.load;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How throughput came back after a fault, read off the per-second series.
 *
 * <p>The reference is the median throughput of the measured seconds that ended before the fault
 * (warm-up seconds are left out: the JVMs are still compiling then). The group counts as recovered
 * in the first whole second after the fault whose throughput is at least half that median.
 * {@code recoverySeconds} runs from the fault to the start of that second, so its resolution is one
 * second: a fault that costs nothing shows between 0 and 1 s, an outage of 3 s about 3 to 4 s.
 *
 * @param fault                     the fault in its canonical text form, e.g. {@code kill:0@10s}
 * @param faultRunSeconds           when it fired, in seconds from the start of the warm-up
 * @param preFaultMedianOpsPerSecond median throughput of the measured seconds before the fault;
 *                                  empty if there was none (a fault at 0 s) or it was 0
 * @param recoveredAtSecond         the {@link SecondSample#second()} in which throughput was back;
 *                                  empty if it never came back (or nothing to compare with)
 * @param recoverySeconds           seconds from the fault to the start of that second
 */
public record Recovery(String fault, double faultRunSeconds, OptionalDouble preFaultMedianOpsPerSecond,
                       OptionalInt recoveredAtSecond, OptionalDouble recoverySeconds) {

    public Recovery {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(preFaultMedianOpsPerSecond, "preFaultMedianOpsPerSecond");
        Objects.requireNonNull(recoveredAtSecond, "recoveredAtSecond");
        Objects.requireNonNull(recoverySeconds, "recoverySeconds");
    }

    /** Half the pre-fault median: the throughput that counts as "back"; empty without a median. */
    public OptionalDouble thresholdOpsPerSecond() {
        return preFaultMedianOpsPerSecond.isPresent()
                ? OptionalDouble.of(preFaultMedianOpsPerSecond.getAsDouble() / 2) : OptionalDouble.empty();
    }

    /**
     * Reads the recovery from {@code event} out of {@code series}.
     *
     * @param series one sample per second, in order, as in {@link LoadResult#series()}
     */
    public static Recovery of(List<SecondSample> series, FaultEvent event) {
        double at = event.runSeconds();
        // Sample s covers run time (s-1, s]: it ended before the fault if s <= at.
        long[] before = series.stream()
                .filter(s -> s.phase() == Phase.MEASURE && s.second() <= at)
                .mapToLong(SecondSample::ops).sorted().toArray();
        if (before.length == 0 || median(before) == 0) {
            return new Recovery(event.fault(), at, OptionalDouble.empty(), OptionalInt.empty(), OptionalDouble.empty());
        }
        double median = median(before);
        for (SecondSample s : series) {
            boolean wholeAfterFault = s.second() - 1 >= at;
            if (wholeAfterFault && s.ops() >= median / 2) {
                return new Recovery(event.fault(), at, OptionalDouble.of(median), OptionalInt.of(s.second()),
                        OptionalDouble.of(s.second() - 1 - at));
            }
        }
        return new Recovery(event.fault(), at, OptionalDouble.of(median), OptionalInt.empty(), OptionalDouble.empty());
    }

    private static double median(long[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
