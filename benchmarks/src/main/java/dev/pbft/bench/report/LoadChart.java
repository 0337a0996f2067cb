package dev.pbft.bench.report;

import dev.pbft.bench.load.CatchUp;
import dev.pbft.bench.load.FaultEvent;
import dev.pbft.bench.load.FaultSpec;
import dev.pbft.bench.load.LoadResult;
import dev.pbft.bench.load.ProgressSample;
import dev.pbft.bench.load.SecondSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chart of one or more load runs as a standalone SVG document with two panels: throughput per
 * second over the whole run (warm-up shaded, faults marked), and the latency distribution of the
 * measured part as a percentile curve on a "nines" x axis (0, 90, 99, 99.9, 99.99: each step a
 * tenfold rarer latency), so that the tail gets as much room as the median. If the first run
 * sampled the replicas' progress, a third panel shows each replica's last executed sequence number
 * over time (gaps while a replica is down), with the faults and each restarted replica's catch-up
 * marked.
 */
public final class LoadChart {
    private static final int WIDTH_PX = 760;
    private static final int PANEL_HEIGHT_PX = 380;

    private LoadChart() {
    }

    /**
     * @param runs label to result, in legend order; the first run's warm-up is shaded and its
     *             faults are marked (runs usually share the spec's timing)
     */
    public static String render(String title, Map<String, LoadResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to chart");
        }
        LoadResult first = runs.values().iterator().next();
        SvgLineChart throughput = new SvgLineChart(title + ": throughput", "seconds since start", "ops/s")
                .size(WIDTH_PX, PANEL_HEIGHT_PX);
        int warmup = first.warmupSeconds();
        if (warmup > 0) {
            throughput.shadeX(0, warmup, "warm-up");
        }
        for (FaultSpec f : first.spec().faults()) {
            double at = first.faultEvents().stream().filter(e -> e.fault().equals(f.text())).mapToDouble(FaultEvent::runSeconds)
                    .findFirst().orElse(warmup + f.atSeconds());
            throughput.markX(at, f.text());
        }
        // Where each outage ended, so the gap between the two markers is the recovery time.
        first.recoveries().forEach(rec -> rec.recoveredAtSecond().ifPresent(s -> throughput.markX(s - 1,
                String.format(Locale.ROOT, "back +%.1fs", rec.recoverySeconds().getAsDouble()))));
        SvgLineChart latency = new SvgLineChart(title + ": latency distribution (measured part)", "percentile",
                "latency ms").size(WIDTH_PX, PANEL_HEIGHT_PX);
        double ninesMax = 2;
        boolean wideRange = false;
        for (Map.Entry<String, LoadResult> run : runs.entrySet()) {
            LoadResult r = run.getValue();
            throughput.series(run.getKey() + " ops/s", throughput(r));
            if (r.errors() > 0) {
                throughput.series(run.getKey() + " errors/s", errors(r));
            }
            List<SvgLineChart.Point> curve = percentileCurve(r);
            latency.series(run.getKey(), curve);
            if (!curve.isEmpty()) {
                ninesMax = Math.max(ninesMax, curve.get(curve.size() - 1).x());
                wideRange |= r.latencyMillisMax() > 50 * Math.max(r.latencyMillisAt(50), 0.001);
            }
        }
        // A tail 50 times the median would flatten everything else on a linear axis.
        latency.logY(wideRange).xTicks(ninesTicks((int) Math.min(5, Math.ceil(ninesMax - 1e-9))));
        List<String> panels = new ArrayList<>(List.of(throughput.render(), latency.render()));
        if (!first.progress().isEmpty()) {
            panels.add(progressPanel(title, first).render());
        }
        StringBuilder svg = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
                        WIDTH_PX, panels.size() * PANEL_HEIGHT_PX, WIDTH_PX, panels.size() * PANEL_HEIGHT_PX));
        for (int i = 0; i < panels.size(); i++) {
            svg.append(i == 0 ? "<g>\n" : "<g transform=\"translate(0," + i * PANEL_HEIGHT_PX + ")\">\n")
                    .append(panels.get(i)).append("</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /** Each replica's last executed sequence number over the run; faults and catch-ups marked. */
    private static SvgLineChart progressPanel(String title, LoadResult r) {
        SvgLineChart chart = new SvgLineChart(title + ": executed sequence number per replica", "seconds since start",
                "last executed").size(WIDTH_PX, PANEL_HEIGHT_PX);
        int warmup = r.warmupSeconds();
        if (warmup > 0) {
            chart.shadeX(0, warmup, "warm-up");
        }
        r.faultEvents().stream().filter(FaultEvent::ok).forEach(e -> chart.markX(e.runSeconds(), e.fault()));
        for (CatchUp c : r.catchUps()) {
            c.caughtUpRunSeconds().ifPresent(at -> chart.markX(at, String.format(Locale.ROOT, "r%d caught up +%.1fs",
                    c.replicaId(), c.catchUpSeconds().getAsDouble())));
        }
        for (int id = 0; id < r.progress().get(0).replicas(); id++) {
            chart.series("replica " + id, executed(r, id));
        }
        return chart;
    }

    /** (run seconds, last executed) of replica {@code id}; NaN, a gap, while it is unknown. */
    static List<SvgLineChart.Point> executed(LoadResult r, int id) {
        List<SvgLineChart.Point> points = new ArrayList<>();
        for (ProgressSample s : r.progress()) {
            long e = s.executed(id);
            points.add(new SvgLineChart.Point(s.runSeconds(), e == ProgressSample.UNKNOWN ? Double.NaN : e));
        }
        return points;
    }

    /** Writes {@link #render} to {@code file} in UTF-8, replacing it. */
    public static void write(Path file, String title, Map<String, LoadResult> runs) throws IOException {
        Files.writeString(file, render(title, runs), StandardCharsets.UTF_8);
    }

    /** (second, successful ops in it) over warm-up and measured part. */
    static List<SvgLineChart.Point> throughput(LoadResult r) {
        return r.series().stream().map(s -> new SvgLineChart.Point(s.second(), s.ops())).toList();
    }

    private static List<SvgLineChart.Point> errors(LoadResult r) {
        List<SvgLineChart.Point> points = new ArrayList<>();
        for (SecondSample s : r.series()) {
            points.add(new SvgLineChart.Point(s.second(), s.errors()));
        }
        return points;
    }

    /**
     * (nines, latency ms) with nines = -log10(1 - percentile/100), from 0 (the minimum) up to the
     * rarest percentile the sample supports, log10(count): beyond it the curve would only repeat
     * the maximum.
     */
    static List<SvgLineChart.Point> percentileCurve(LoadResult r) {
        long count = r.latencyMicros().getTotalCount();
        List<SvgLineChart.Point> points = new ArrayList<>();
        if (count == 0) {
            return points;
        }
        double last = Math.min(5, Math.log10(count));
        for (double nines = 0; nines < last + 1e-9; nines += 0.05) {
            double percentile = 100 * (1 - Math.pow(10, -nines));
            points.add(new SvgLineChart.Point(nines, r.latencyMillisAt(percentile)));
        }
        points.add(new SvgLineChart.Point(Math.max(last, 0), r.latencyMillisMax()));
        return points;
    }

    private static Map<Double, String> ninesTicks(int upTo) {
        String[] labels = {"0", "90", "99", "99.9", "99.99", "99.999"};
        Map<Double, String> ticks = new TreeMap<>();
        for (int i = 0; i <= upTo; i++) {
            ticks.put((double) i, labels[i]);
        }
        return ticks;
    }
}
