package dev.pbft.bench.report;

import dev.pbft.bench.load.CatchUp;
import dev.pbft.bench.load.FaultEvent;
import dev.pbft.bench.load.FaultSpec;
import dev.pbft.bench.load.LoadResult;
import dev.pbft.bench.load.LoadSpec;
import dev.pbft.bench.load.ProgressSample;
import dev.pbft.bench.load.Recovery;
import dev.pbft.bench.load.SecondSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A load result as one JSON document:
 * <pre>
 * { "spec":    { principals, clients, requestBytes, warmupSeconds, warmupMaxSeconds, durationSeconds, faults },
 *   "context": { whatever the caller adds: replicas, f, replyBytes, the baseline, ... },
 *   "summary": { opsPerSecondMean, opsMeasured, opsTotal, warmupSeconds (as it ran), measuredSeconds, errors,
 *                latencyMillis: { p50, p90, p99, p99.9, max }, faultEvents: [...],
 *                recoveries: [ { fault, faultRunSeconds, preFaultMedianOpsPerSecond,
 *                                thresholdOpsPerSecond, recoveredAtSecond, recoverySeconds }, ... ],
 *                catchUps: [ { fault, replica, restartRunSeconds, groupExecutedAtRestart, firstReportRunSeconds, firstExecuted,
 *                              caughtUpRunSeconds, catchUpSeconds, executedWhenCaughtUp }, ... ] },
 *   "series":  [ { second, phase, ops, errors }, ... ],
 *   "replicaProgress": [ { runSeconds, executed: [ per replica id, null while unknown ] }, ... ] }
 * </pre>
 * Throughput and latency figures cover the measured part only (see {@link LoadResult}). A recovery
 * figure that could not be determined (nothing measured before the fault, or throughput never came
 * back) is {@code null}, and so is a catch-up that did not happen; see {@link Recovery} and
 * {@link CatchUp} for the definitions. {@code replicaProgress} is empty when the run did not sample it.
 */
public final class JsonReport {
    private JsonReport() {
    }

    /** The document as text; {@code context} values must be what {@link Json} can write. */
    public static String render(LoadResult result, Map<String, ?> context) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("spec", spec(result.spec()));
        doc.put("context", new LinkedHashMap<>(context));
        doc.put("summary", summary(result));
        List<Object> series = new ArrayList<>();
        for (SecondSample s : result.series()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", s.second());
            row.put("phase", s.phase().label());
            row.put("ops", s.ops());
            row.put("errors", s.errors());
            series.add(row);
        }
        doc.put("series", series);
        List<Object> progress = new ArrayList<>();
        for (ProgressSample p : result.progress()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("runSeconds", round3(p.runSeconds()));
            List<Object> executed = new ArrayList<>();
            for (long e : p.executed()) {
                executed.add(e == ProgressSample.UNKNOWN ? null : e);
            }
            row.put("executed", executed);
            progress.add(row);
        }
        doc.put("replicaProgress", progress);
        return Json.write(doc) + "\n";
    }

    /** Writes {@link #render} to {@code file} in UTF-8, replacing it. */
    public static void write(Path file, LoadResult result, Map<String, ?> context) throws IOException {
        Files.writeString(file, render(result, context), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> spec(LoadSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("principals", spec.principals());
        m.put("clients", spec.clients());
        m.put("requestBytes", spec.requestBytes());
        m.put("warmupSeconds", spec.warmupSeconds());
        m.put("warmupMaxSeconds", spec.warmupMaxSeconds());
        m.put("durationSeconds", spec.durationSeconds());
        m.put("faults", spec.faults().stream().map(FaultSpec::text).toList());
        return m;
    }

    private static Map<String, Object> summary(LoadResult r) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", round3(r.latencyMillisAt(50)));
        latency.put("p90", round3(r.latencyMillisAt(90)));
        latency.put("p99", round3(r.latencyMillisAt(99)));
        latency.put("p99.9", round3(r.latencyMillisAt(99.9)));
        latency.put("max", round3(r.latencyMillisMax()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("opsPerSecondMean", Math.round(r.opsPerSecondMean() * 10) / 10.0);
        m.put("opsMeasured", r.opsMeasured());
        m.put("opsTotal", r.opsTotal());
        m.put("warmupSeconds", r.warmupSeconds());
        m.put("measuredSeconds", round3(r.measuredSeconds()));
        m.put("errors", r.errors());
        m.put("latencyMillis", latency);
        List<Object> events = new ArrayList<>();
        for (FaultEvent e : r.faultEvents()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("fault", e.fault());
            em.put("runSeconds", round3(e.runSeconds()));
            em.put("ok", e.ok());
            em.put("detail", e.detail());
            events.add(em);
        }
        m.put("faultEvents", events);
        m.put("recoveries", r.recoveries().stream().map(JsonReport::recovery).toList());
        m.put("catchUps", r.catchUps().stream().map(JsonReport::catchUp).toList());
        return m;
    }

    private static Map<String, Object> catchUp(CatchUp c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fault", c.fault());
        m.put("replica", c.replicaId());
        m.put("restartRunSeconds", round3(c.restartRunSeconds()));
        m.put("groupExecutedAtRestart", orNull(c.groupExecutedAtRestart()));
        m.put("firstReportRunSeconds", orNull(c.firstReportRunSeconds()));
        m.put("firstExecuted", orNull(c.firstExecuted()));
        m.put("caughtUpRunSeconds", orNull(c.caughtUpRunSeconds()));
        m.put("catchUpSeconds", orNull(c.catchUpSeconds()));
        m.put("executedWhenCaughtUp", orNull(c.executedWhenCaughtUp()));
        return m;
    }

    private static Long orNull(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static Map<String, Object> recovery(Recovery r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fault", r.fault());
        m.put("faultRunSeconds", round3(r.faultRunSeconds()));
        m.put("preFaultMedianOpsPerSecond", orNull(r.preFaultMedianOpsPerSecond()));
        m.put("thresholdOpsPerSecond", orNull(r.thresholdOpsPerSecond()));
        m.put("recoveredAtSecond", r.recoveredAtSecond().isPresent() ? r.recoveredAtSecond().getAsInt() : null);
        m.put("recoverySeconds", orNull(r.recoverySeconds()));
        return m;
    }

    private static Double orNull(OptionalDouble v) {
        return v.isPresent() ? round3(v.getAsDouble()) : null;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
