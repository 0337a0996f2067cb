package dev.pbft.bench.report;

import dev.pbft.bench.load.FaultEvent;
import dev.pbft.bench.load.FaultSpec;
import dev.pbft.bench.load.LoadResult;
import dev.pbft.bench.load.LoadSpec;
import dev.pbft.bench.load.Phase;
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
}
