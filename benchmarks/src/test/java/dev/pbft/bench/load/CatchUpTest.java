package dev.pbft.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The catch-up time of a restarted replica, read off synthetic progress samples. */
class CatchUpTest {
    private static final long U = ProgressSample.UNKNOWN;

    /**
     * Samples every 100 ms from 0.1 s: each row is "r0 r1 r2 r3", '-' for unknown. Replica 3 is the
     * one restarted, at 0.25 s unless a row says otherwise.
     */
    private static List<ProgressSample> samples(String rows) {
        List<ProgressSample> samples = new ArrayList<>();
        String[] lines = rows.split("\\|");
        for (int i = 0; i < lines.length; i++) {
            String[] cells = lines[i].trim().split("\\s+");
            long[] executed = new long[cells.length];
            for (int j = 0; j < cells.length; j++) {
                executed[j] = cells[j].equals("-") ? U : Long.parseLong(cells[j]);
            }
            samples.add(new ProgressSample(Math.round((i + 1) * 100) / 1000.0, executed));
        }
        return samples;
    }

    /**
     * rows: samples at 0.1, 0.2, 0.3, ... s; replica 3 restarted at 0.25 s. Expected: the run
     * second of the sample that shows it caught up (empty: did not), and what it executed then.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // a clean chase: first report 100, the group moves on, it overtakes the previous sample's max
            "chase;           100 100 100 90 | 110 110 110 - | 120 120 120 - | 130 130 130 100 | 140 140 140 120 | 150 150 150 140 | 160 160 160 150; 0.6; 140",
            // equal to the previous sample's max of the others is enough
            "equal previous;  100 100 100 90 | 110 110 110 - | 120 120 120 105 | 130 130 130 120; 0.4; 120",
            // above the group at the restart but behind where the group went since: not yet
            "group moved on;  100 100 100 - | 200 200 200 - | 300 300 300 - | 400 400 400 250 | 500 500 500 390 | 600 600 600 500; 0.6; 500",
            // never closes the gap of one checkpoint interval (128)
            "one interval;    1000 1000 1000 - | 1100 1100 1100 - | 1200 1200 1200 1000 | 1300 1300 1300 1172 | 1400 1400 1400 1272; ; ",
            // the group idles: reaching the group at the restart is reaching the group
            "idle group;      500 500 500 - | 500 500 500 - | 500 500 500 480 | 500 500 500 500; 0.4; 500",
            // never reports after the restart
            "silent;          100 100 100 - | 110 110 110 - | 120 120 120 -; ; ",
            // a stale report from before the restart does not count: only samples at or after it
            "stale before;    100 100 100 100 | 110 110 110 110 | 120 120 120 - | 130 130 130 130; 0.4; 130",
            // neither the slowest nor a dead other replica lowers the bar: the fastest running one sets it
            "fastest counts;  - 100 90 - | - 110 95 - | - 120 100 105 | - 130 105 118 | - 140 110 130; 0.5; 130",
            })
    void caughtUpAtTheFirstSampleAtOrAboveTheGroupsPreviousSample(String name, String rows, Double caughtUpAt,
                                                                   Long executedThen) {
        CatchUp c = CatchUp.of(samples(rows), "restart:3@1s", 3, 0.25, Double.POSITIVE_INFINITY);
        if (caughtUpAt == null) {
            assertTrue(c.caughtUpRunSeconds().isEmpty(), c.toString());
            assertTrue(c.catchUpSeconds().isEmpty(), c.toString());
        } else {
            assertEquals(caughtUpAt, c.caughtUpRunSeconds().getAsDouble(), 1e-9, c.toString());
            assertEquals(caughtUpAt - 0.25, c.catchUpSeconds().getAsDouble(), 1e-9);
            assertEquals(OptionalLong.of(executedThen), c.executedWhenCaughtUp());
        }
    }

    @Test
    void reportsWhereTheGroupStoodAndWhatTheReplicaRecovered() {
        CatchUp c = CatchUp.of(samples("100 100 100 90 | 110 110 110 - | 120 120 120 60 | 130 130 130 125 | 140 140 140 140"),
                "restart:3@1s", 3, 0.25, Double.POSITIVE_INFINITY);
        assertEquals(OptionalLong.of(110), c.groupExecutedAtRestart(), "the last sample at or before 0.25 s");
        assertEquals(OptionalLong.of(60), c.firstExecuted());
        assertEquals(OptionalDouble.of(0.3), c.firstReportRunSeconds());
        assertEquals(OptionalDouble.of(0.4), c.caughtUpRunSeconds(), "125 >= 120, the others 100 ms earlier");
        assertEquals(OptionalLong.of(125), c.executedWhenCaughtUp());
    }

    @Test
    void theSearchEndsAtTheNextKill() {
        List<ProgressSample> s = samples("100 100 100 - | 110 110 110 - | 120 120 120 50 | 130 130 130 - | 140 140 140 140");
        assertTrue(CatchUp.of(s, "restart:3@1s", 3, 0.25, 0.35).caughtUpRunSeconds().isEmpty());
        assertEquals(OptionalDouble.of(0.5), CatchUp.of(s, "restart:3@1s", 3, 0.25, Double.POSITIVE_INFINITY).caughtUpRunSeconds());
    }

    @Test
    void withoutAnySampleBeforeTheRestartThereIsNothingToCatchUpWith() {
        CatchUp c = CatchUp.of(samples("- - - - | 100 100 100 100"), "restart:3@0s", 3, 0.0, Double.POSITIVE_INFINITY);
        assertTrue(c.groupExecutedAtRestart().isEmpty());
        assertTrue(c.caughtUpRunSeconds().isEmpty());
    }

    @Test
    void aResultReportsACatchUpForEachRestartThatWasInjected() {
        LoadSpec spec = new LoadSpec(List.of("c0"), 1, 0, 0, 5,
                List.of(FaultSpec.parse("kill:3@0.1s"), FaultSpec.parse("restart:3@0.25s"), FaultSpec.parse("kill:3@0.35s"),
                        FaultSpec.parse("restart:3@0.45s")));
        List<FaultEvent> events = List.of(new FaultEvent("kill:3@0.1s", 0.1, true, "killed"),
                new FaultEvent("restart:3@0.25s", 0.25, true, "started"),
                new FaultEvent("kill:3@0.35s", 0.35, true, "killed"),
                new FaultEvent("restart:3@0.45s", 0.45, false, "injection failed"));
        List<SecondSample> series = List.of(new SecondSample(1, Phase.MEASURE, 10, 0, 5));
        LoadResult result = new LoadResult(spec, series, new Histogram(3), 10, 10, 0, 1.0, events,
                samples("100 100 100 - | 110 110 110 - | 120 120 120 50 | 130 130 130 - | 140 140 140 140"));
        List<CatchUp> catchUps = result.catchUps();
        assertEquals(1, catchUps.size(), "the failed restart has none");
        assertEquals("restart:3@0.25s", catchUps.get(0).fault());
        assertTrue(catchUps.get(0).caughtUpRunSeconds().isEmpty(), "killed again before it caught up");
    }
}
