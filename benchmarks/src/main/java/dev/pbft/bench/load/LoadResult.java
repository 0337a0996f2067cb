package dev.pbft.bench.load;

import java.util.ArrayList;
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
 * @param progress         every replica's last executed sequence number every 100 ms over the whole
 *                         run, in time order; empty if the engine had no way to read it
 */
public record LoadResult(LoadSpec spec, List<SecondSample> series, Histogram latencyMicros, long opsMeasured,
                         long opsTotal, long errors, double measuredSeconds, List<FaultEvent> faultEvents,
                         List<ProgressSample> progress) {

    public LoadResult {
        Objects.requireNonNull(spec, "spec");
        series = List.copyOf(series);
        latencyMicros = latencyMicros.copy();
        faultEvents = List.copyOf(faultEvents);
        progress = List.copyOf(progress);
        if (!(measuredSeconds > 0)) {
            throw new IllegalArgumentException("measuredSeconds must be > 0, got " + measuredSeconds);
        }
    }

    /** A result without progress samples. */
    public LoadResult(LoadSpec spec, List<SecondSample> series, Histogram latencyMicros, long opsMeasured,
                      long opsTotal, long errors, double measuredSeconds, List<FaultEvent> faultEvents) {
        this(spec, series, latencyMicros, opsMeasured, opsTotal, errors, measuredSeconds, faultEvents, List.of());
    }

    /** Mean throughput of the measured part: successful invocations per second. */
    /** The seconds the warm-up took: {@code spec.warmupSeconds()} or more (see {@link SteadyWarmup}). */
    public int warmupSeconds() {
        return (int) series.stream().filter(x -> x.phase() == Phase.WARMUP).count();
    }

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

    /**
     * How long each replica restarted successfully took to catch up with the group, in order; see
     * {@link CatchUp}. The search for one ends at the replica's next kill, if any.
     */
    public List<CatchUp> catchUps() {
        List<FaultEvent> ok = faultEvents.stream().filter(FaultEvent::ok).toList();
        List<CatchUp> catchUps = new ArrayList<>();
        for (int i = 0; i < ok.size(); i++) {
            if (FaultSpec.parse(ok.get(i).fault()) instanceof FaultSpec.RestartReplica r) {
                double until = Double.POSITIVE_INFINITY;
                for (FaultEvent later : ok.subList(i + 1, ok.size())) {
                    if (FaultSpec.parse(later.fault()) instanceof FaultSpec.KillReplica k && k.replicaId() == r.replicaId()) {
                        until = later.runSeconds();
                        break;
                    }
                }
                catchUps.add(CatchUp.of(progress, r.text(), r.replicaId(), ok.get(i).runSeconds(), until));
            }
        }
        return catchUps;
    }

    /** The largest latency of the measured part in milliseconds; 0 if none completed. */
    public double latencyMillisMax() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0;
    }
}
