package dev.pbft.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.bench.load.CatchUp;
import dev.pbft.bench.load.LoadResult;
import dev.pbft.bench.load.Recovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWritersTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsWellFormedAndCarriesSpecSummaryAndSeries() throws Exception {
        LoadResult r = Results.sample(2);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("mode", "agreement \\ \"quoted\"\n\u0001");
        context.put("replicas", 4);
        context.put("ratio", Double.NaN);
        Path file = dir.resolve("result.json");
        JsonReport.write(file, r, context);

        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(Files.readString(file));
        assertEquals(List.of("spec", "context", "summary", "series", "replicaProgress"), List.copyOf(doc.keySet()));
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        assertEquals(List.of("c0", "c\"1"), spec.get("principals"), "strings are escaped and read back");
        assertEquals(List.of("kill:3@1s"), spec.get("faults"));
        Map<String, Object> ctx = (Map<String, Object>) doc.get("context");
        assertEquals("agreement \\ \"quoted\"\n\u0001", ctx.get("mode"));
        assertEquals(null, ctx.get("ratio"), "NaN is not JSON; it becomes null");
        Map<String, Object> summary = (Map<String, Object>) doc.get("summary");
        assertEquals(300.0, summary.get("opsPerSecondMean"));
        assertEquals(2.0, summary.get("errors"));
        Map<String, Object> latency = (Map<String, Object>) summary.get("latencyMillis");
        assertEquals(List.of("p50", "p90", "p99", "p99.9", "max"), List.copyOf(latency.keySet()));
        assertTrue((Double) latency.get("max") >= 79.9, "the outlier is the max");
        List<Object> recoveries = (List<Object>) summary.get("recoveries");
        assertEquals(List.of(Map.of("fault", "kill:3@1s", "faultRunSeconds", 3.01, "preFaultMedianOpsPerSecond", 300.0,
                "thresholdOpsPerSecond", 150.0, "recoveredAtSecond", 5.0, "recoverySeconds", 0.99)), recoveries);
        List<Object> series = (List<Object>) doc.get("series");
        assertEquals(5, series.size());
        assertEquals(Map.of("second", 3.0, "phase", "measure", "ops", 300.0, "errors", 2.0), series.get(2));
    }

    @Test
    void theSummarySaysWhenThroughputCameBackAfterAFaultOrThatItDidNot() {
        List<String> lines = TextReport.summary("agreement", Results.sample(0));
        assertTrue(lines.contains("  recovery     kill:3@1s: back to >= 150 ops/s (half the pre-fault median 300) at t=5s,"
                + " 1.0 s after the fault"), String.join("\n", lines));
        Recovery never = new Recovery("kill:0@10s", 55.2, OptionalDouble.of(24000), OptionalInt.empty(), OptionalDouble.empty());
        assertEquals("kill:0@10s: NOT back to >= 12000 ops/s (half the pre-fault median 24000) by the end of the run",
                TextReport.recoveryLine(never));
        Recovery blind = new Recovery("kill:0@0s", 45.0, OptionalDouble.empty(), OptionalInt.empty(), OptionalDouble.empty());
        assertEquals("kill:0@0s: no measured throughput before the fault to compare with", TextReport.recoveryLine(blind));
    }

    @Test
    void theSummaryAndTheJsonSayWhenARestartedReplicaCaughtUp() throws Exception {
        LoadResult r = Results.withRestart();
        List<String> lines = TextReport.summary("agreement", r);
        assertTrue(lines.contains("  catch-up     replica 3 restarted at t=4.0s: caught up with the group in 1.0 s"
                + " (executed 40 -> 95; first status 0.5 s after the restart; the group was at 80 at the restart)"), String.join("\n", lines));
        CatchUp never = new CatchUp("restart:3@2s", 3, 4.0, OptionalLong.of(12_345), OptionalDouble.of(9.0), OptionalLong.of(1_000),
                OptionalDouble.empty(), OptionalLong.empty());
        assertEquals("replica 3 restarted at t=4.0s: did not catch up within the run (it reported executed 1,000 first;"
                + " the group was at 12,345 at the restart)", TextReport.catchUpLine(never));

        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(JsonReport.render(r, Map.of()));
        Map<String, Object> summary = (Map<String, Object>) doc.get("summary");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("fault", "restart:3@2s");
        expected.put("replica", 3.0);
        expected.put("restartRunSeconds", 4.0);
        expected.put("groupExecutedAtRestart", 80.0);
        expected.put("firstReportRunSeconds", 4.5);
        expected.put("firstExecuted", 40.0);
        expected.put("caughtUpRunSeconds", 5.0);
        expected.put("catchUpSeconds", 1.0);
        expected.put("executedWhenCaughtUp", 95.0);
        assertEquals(List.of(expected), summary.get("catchUps"));
        List<Object> progress = (List<Object>) doc.get("replicaProgress");
        assertEquals(12, progress.size());
        assertEquals(Arrays.asList(60.0, 60.0, 60.0, null), ((Map<String, Object>) progress.get(6)).get("executed"),
                "unknown while down");
    }

    @Test
    void csvHasAHeaderAndOneRowPerSecond() {
        String csv = CsvReport.render(Results.sample(2));
        assertEquals(List.of("second,phase,ops,errors", "1,warmup,100,0", "2,warmup,200,0", "3,measure,300,2",
                "4,measure,310,0", "5,measure,290,0"), csv.lines().toList());
    }

    @Test
    void jsonEscapesEveryControlCharacter() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x30; c++) {
            all.append(c);
        }
        all.append("\u2028é€😀");
        assertEquals(all.toString(), MiniJson.parse(Json.quote(all)));
    }

    @Test
    void progressLineHasTheAgreedShape() {
        String line = TextReport.progressLine(Results.sample(0).series().get(3), 7);
        assertEquals("t=4s measure  ops/s=310  p50=0.65ms  errors=7", line);
    }
}
