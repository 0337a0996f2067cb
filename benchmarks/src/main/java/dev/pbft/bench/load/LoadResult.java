package dev.pbft.bench.load;

import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one run. Latencies and {@code opsMeasured} cover the measured part only: an
 * invocation counts in the second in which it completed, so one issued during the warm-up and
 * completed after it counts as measured. Errors cover the whole run, warm-up and the final drain
 * included, because any failed invocation is worth knowing about.
 *
 * @param spec             the load that was applied
 * @param series           one sample per second, warm-up first, in order
 * @param latencyMicros    latency of every successful invocation of the measured part, in
 *                         microseconds; a private copy, do not modify
 * @param opsMeasured      successful invocations in the measured part
 * @param opsTotal         successful invocations in warm-up and measured part
 * @param errors           failed invocations over the whole run
 * @param measuredSeconds  wall-clock length of the measured part
 * @param faultEvents      faults injected, in order
 */
public record LoadResult(LoadSpec spec, List<SecondSample> series, Histogram latencyMicros, long opsMeasured,
                         long opsTotal, long errors, double measuredSeconds, List<FaultEvent> faultEvents) {

    public LoadResult {
        Objects.requireNonNull(spec, "spec");
        series = List.copyOf(series);
        latencyMicros = latencyMicros.copy();
        faultEvents = List.copyOf(faultEvents);
        if (!(measuredSeconds > 0)) {
            throw new IllegalArgumentException("measuredSeconds must be > 0, got " + measuredSeconds);
        }
    }

    /** Mean throughput of the measured part: successful invocations per second. */
    public double opsPerSecondMean() {
        return opsMeasured / measuredSeconds;
    }

    /** Latency at {@code percentile} (0..100) of the measured part in milliseconds; 0 if none completed. */
    public double latencyMillisAt(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** How throughput came back after each fault injected successfully, in order; see {@link Recovery}. */
    public List<Recovery> recoveries() {
        return faultEvents.stream().filter(FaultEvent::ok).map(e -> Recovery.of(series, e)).toList();
    }

    /** The largest latency of the measured part in milliseconds; 0 if none completed. */
    public double latencyMillisMax() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0;
    }
}
