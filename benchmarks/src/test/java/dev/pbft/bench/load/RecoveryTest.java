package dev.pbft.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The recovery time after a fault, read off synthetic per-second series. */
class RecoveryTest {

    /** Samples numbered from 1: the first {@code warmup} are warm-up, the rest measured. */
    private static List<SecondSample> series(int warmup, long... ops) {
        List<SecondSample> samples = new ArrayList<>();
        for (int i = 0; i < ops.length; i++) {
            samples.add(new SecondSample(i + 1, i < warmup ? Phase.WARMUP : Phase.MEASURE, ops[i], 0, ops[i] == 0 ? 0 : 500));
        }
        return samples;
    }

    private static FaultEvent killAt(double runSeconds) {
        return new FaultEvent("kill:0@10s", runSeconds, true, "replica 0 killed with SIGKILL");
    }

    @Test
    void aPrimaryKillOutageEndsAtTheFirstWholeSecondBackAboveHalfThePreFaultMedian() {
        // warm-up 10 ops/s (left out of the median), measured 1000/1200/1100, kill at 7.4 s into the run,
        // a partial second, three dead ones, one at 300 (above half the warm-up-polluted median, below 550),
        // then 900: back.
        List<SecondSample> s = series(4, 10, 10, 10, 10, 1000, 1200, 1100, 400, 0, 0, 0, 300, 900, 1100);
        Recovery r = Recovery.of(s, killAt(7.4));

        assertEquals(OptionalDouble.of(1100), r.preFaultMedianOpsPerSecond());
        assertEquals(OptionalDouble.of(550), r.thresholdOpsPerSecond());
        assertEquals(OptionalInt.of(13), r.recoveredAtSecond());
        assertEquals(12 - 7.4, r.recoverySeconds().getAsDouble(), 1e-9, "from the kill to the start of second 13");
    }

    @Test
    void aFaultThatCostsNothingRecoversWithinOneSecond() {
        List<SecondSample> s = series(0, 1000, 1000, 1000, 990, 1010, 1000);
        assertEquals(0.0, Recovery.of(s, killAt(3.0)).recoverySeconds().getAsDouble(), 1e-9,
                "a kill exactly at a second's end: the next second is already whole");
        Recovery midSecond = Recovery.of(s, killAt(3.5));
        assertEquals(OptionalInt.of(5), midSecond.recoveredAtSecond(), "second 4 contains the kill, so it does not count");
        assertEquals(0.5, midSecond.recoverySeconds().getAsDouble(), 1e-9);
    }

    @Test
    void throughputThatNeverComesBackHasNoRecoveryTime() {
        List<SecondSample> s = series(1, 50, 800, 800, 0, 0, 399);
        Recovery r = Recovery.of(s, killAt(3.0));
        assertEquals(OptionalDouble.of(800), r.preFaultMedianOpsPerSecond());
        assertTrue(r.recoveredAtSecond().isEmpty());
        assertTrue(r.recoverySeconds().isEmpty());
    }

    @Test
    void withoutAMeasuredSecondBeforeTheFaultThereIsNothingToCompareWith() {
        Recovery r = Recovery.of(series(2, 1000, 1000, 0, 1000), killAt(2.0)); // fault at 0 s of the measured part
        assertTrue(r.preFaultMedianOpsPerSecond().isEmpty());
        assertTrue(r.recoveredAtSecond().isEmpty());
        assertTrue(r.recoverySeconds().isEmpty());
    }

    @Test
    void anEvenNumberOfPreFaultSecondsUsesTheMeanOfTheMiddleTwo() {
        Recovery r = Recovery.of(series(0, 100, 400, 200, 300, 0, 150), killAt(4.0));
        assertEquals(OptionalDouble.of(250), r.preFaultMedianOpsPerSecond());
        assertEquals(OptionalInt.of(6), r.recoveredAtSecond(), "150 >= 125");
    }

    @Test
    void aResultReportsARecoveryForEachFaultThatWasInjected() {
        LoadSpec spec = new LoadSpec(List.of("c0"), 1, 0, 1, 5, List.of(FaultSpec.parse("kill:0@2s"), FaultSpec.parse("kill:1@3s")));
        List<FaultEvent> events = List.of(new FaultEvent("kill:0@2s", 3.0, true, "replica 0 killed with SIGKILL"),
                new FaultEvent("kill:1@3s", 4.0, false, "injection failed: boom"));
        LoadResult result = new LoadResult(spec, series(1, 10, 500, 500, 0, 500, 500), new Histogram(3), 2000, 2010, 0,
                5.0, events);
        assertEquals(List.of(Recovery.of(result.series(), events.get(0))), result.recoveries());
        assertEquals(OptionalInt.of(5), result.recoveries().get(0).recoveredAtSecond());
    }
}
