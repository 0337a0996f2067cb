package dev.pbft.bench.report;

import dev.pbft.bench.load.FaultEvent;
import dev.pbft.bench.load.FaultSpec;
import dev.pbft.bench.load.LoadResult;
import dev.pbft.bench.load.LoadSpec;
import dev.pbft.bench.load.Phase;
import dev.pbft.bench.load.ProgressSample;
import dev.pbft.bench.load.SecondSample;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Made-up results for the writers' tests: 2 warm-up seconds, 3 measured, a kill at 1 s. */
final class Results {
    private Results() {
    }

    static LoadResult sample(long errors) {
        LoadSpec spec = new LoadSpec(List.of("c0", "c\"1"), 10, 64, 2, 3, List.of(FaultSpec.parse("kill:3@1s")));
        List<SecondSample> series = new ArrayList<>();
        series.add(new SecondSample(1, Phase.WARMUP, 100, 0, 900));
        series.add(new SecondSample(2, Phase.WARMUP, 200, 0, 800));
        series.add(new SecondSample(3, Phase.MEASURE, 300, errors, 700));
        series.add(new SecondSample(4, Phase.MEASURE, 310, 0, 650));
        series.add(new SecondSample(5, Phase.MEASURE, 290, 0, 660));
        Histogram latency = new Histogram(3);
        for (int i = 1; i <= 900; i++) {
            latency.recordValue(500 + i); // 0.501 .. 1.4 ms
        }
        latency.recordValue(80_000); // one 80 ms outlier: the tail
        return new LoadResult(spec, series, latency, 900, 1200, errors, 3.0,
                List.of(new FaultEvent("kill:3@1s", 3.01, true, "replica 3 killed with SIGKILL")));
    }

    /**
     * The same load with replica 3 killed at 1 s and restarted at 2 s of the measured part, and
     * progress samples every 0.5 s: replica 3 reports 40 at t=4.5 s and catches up at t=5.0 s.
     */
    static LoadResult withRestart() {
        LoadResult r = sample(0);
        LoadSpec spec = new LoadSpec(r.spec().principals(), 10, 64, 2, 3,
                List.of(FaultSpec.parse("kill:3@1s"), FaultSpec.parse("restart:3@2s")));
        List<ProgressSample> progress = new ArrayList<>();
        long u = ProgressSample.UNKNOWN;
        long[][] rows = {{0, 0, 0, 0}, {10, 10, 10, 10}, {20, 20, 20, 20}, {30, 30, 30, 30}, {40, 40, 40, 40},
                {50, 50, 50, 50}, {60, 60, 60, u}, {70, 70, 70, u}, {80, 80, 80, u}, {90, 90, 90, 40}, {100, 100, 100, 95},
                {110, 110, 110, 110}};
        for (int i = 0; i < rows.length; i++) {
            progress.add(new ProgressSample(i * 0.5, rows[i]));
        }
        return new LoadResult(spec, r.series(), r.latencyMicros(), r.opsMeasured(), r.opsTotal(), 0, r.measuredSeconds(),
                List.of(new FaultEvent("kill:3@1s", 3.0, true, "replica 3 killed with SIGKILL"),
                        new FaultEvent("restart:3@2s", 4.0, true, "replica 3 started again")), progress);
    }
}
