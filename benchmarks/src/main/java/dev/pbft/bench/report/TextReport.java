package dev.pbft.bench.report;

import dev.pbft.bench.load.CatchUp;
import dev.pbft.bench.load.LoadResult;
import dev.pbft.bench.load.Recovery;
import dev.pbft.bench.load.SecondSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lines a benchmark prints: one per second while it runs, and a summary at the end. */
public final class TextReport {
    private TextReport() {
    }

    /**
     * E.g. {@code t=12s measure  ops/s=23456  p50=0.41ms  errors=0}.
     *
     * @param errorsSoFar failed invocations since the start of the run, this second included
     */
    public static String progressLine(SecondSample s, long errorsSoFar) {
        return String.format(Locale.ROOT, "t=%ds %-7s  ops/s=%d  p50=%.2fms  errors=%d",
                s.second(), s.phase().label(), s.ops(), s.latencyP50Micros() / 1000.0, errorsSoFar);
    }

    /** A few indented lines: throughput, latency percentiles, errors and faults of {@code label}'s run. */
    public static List<String> summary(String label, LoadResult r) {
        List<String> lines = new ArrayList<>();
        lines.add(label);
        lines.add(String.format(Locale.ROOT, "  throughput   %.0f ops/s (%d ops in %.1f s measured after %d s of warm-up, %d clients,"
                + " %d-byte requests)", r.opsPerSecondMean(), r.opsMeasured(), r.measuredSeconds(), r.warmupSeconds(),
                r.spec().clients(), r.spec().requestBytes()));
        lines.add(String.format(Locale.ROOT, "  latency ms   p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f",
                r.latencyMillisAt(50), r.latencyMillisAt(90), r.latencyMillisAt(99), r.latencyMillisAt(99.9),
                r.latencyMillisMax()));
        lines.add("  errors       " + r.errors() + " failed invocations (warm-up and measured part)");
        r.faultEvents().forEach(e -> lines.add(String.format(Locale.ROOT, "  fault        %s at t=%.1fs: %s",
                e.fault(), e.runSeconds(), e.detail())));
        r.recoveries().forEach(rec -> lines.add("  recovery     " + recoveryLine(rec)));
        r.catchUps().forEach(c -> lines.add("  catch-up     " + catchUpLine(c)));
        return lines;
    }

    /**
     * E.g. {@code replica 3 restarted at t=65.0s: caught up with the group in 1.8 s (executed 12,345
     * -> 45,678; first status 1.1 s after the restart; the group was at 40,000 at the restart)}.
     */
    public static String catchUpLine(CatchUp c) {
        String head = String.format(Locale.ROOT, "replica %d restarted at t=%.1fs: ", c.replicaId(), c.restartRunSeconds());
        String group = c.groupExecutedAtRestart().isPresent()
                ? "the group was at " + thousands(c.groupExecutedAtRestart().getAsLong()) + " at the restart" : "the group's progress unknown";
        if (c.catchUpSeconds().isEmpty()) {
            String first = c.firstExecuted().isPresent()
                    ? "it reported executed " + thousands(c.firstExecuted().getAsLong()) + " first" : "it never reported its progress";
            return head + "did not catch up within the run (" + first + "; " + group + ")";
        }
        return head + String.format(Locale.ROOT, "caught up with the group in %.1f s (executed %s -> %s; first status"
                + " %.1f s after the restart; %s)", c.catchUpSeconds().getAsDouble(), thousands(c.firstExecuted().getAsLong()),
                thousands(c.executedWhenCaughtUp().getAsLong()),
                c.firstReportRunSeconds().getAsDouble() - c.restartRunSeconds(), group);
    }

    private static String thousands(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /**
     * E.g. {@code kill:0@10s: back to >= 11800 ops/s (half the pre-fault median 23600) at t=59s,
     * 3.2 s after the fault}.
     */
    static String recoveryLine(Recovery rec) {
        if (rec.preFaultMedianOpsPerSecond().isEmpty()) {
            return rec.fault() + ": no measured throughput before the fault to compare with";
        }
        double median = rec.preFaultMedianOpsPerSecond().getAsDouble();
        if (rec.recoverySeconds().isEmpty()) {
            return String.format(Locale.ROOT, "%s: NOT back to >= %.0f ops/s (half the pre-fault median %.0f) by the end"
                    + " of the run", rec.fault(), median / 2, median);
        }
        return String.format(Locale.ROOT, "%s: back to >= %.0f ops/s (half the pre-fault median %.0f) at t=%ds,"
                + " %.1f s after the fault", rec.fault(), median / 2, median, rec.recoveredAtSecond().getAsInt(),
                rec.recoverySeconds().getAsDouble());
    }
}
