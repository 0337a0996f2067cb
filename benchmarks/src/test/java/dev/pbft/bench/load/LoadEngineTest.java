package dev.pbft.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against real replicas in this JVM. Counts and shapes only, never a timing. */
class LoadEngineTest {
    @TempDir
    Path dir;

    @Test
    void closedLoopWorkersSharingPrincipalsCompleteWithoutErrors() throws Exception {
        try (InProcessGroup group = new InProcessGroup(dir, 1, 4, 2)) {
            // 5 workers on 2 principals: shared connections and request slots.
            LoadSpec spec = new LoadSpec(group.clientNames(), 5, 16, 1, 2, List.of());
            List<SecondSample> progress = Collections.synchronizedList(new ArrayList<>());
            LoadResult result = new LoadEngine(group.config, spec).progress(progress::add).run();

            assertTrue(result.opsMeasured() > 0, "some operations completed");
            assertEquals(0, result.errors(), "no invocation failed");
            assertEquals(3, result.series().size(), "one sample per second of warm-up and measured part");
            assertEquals(result.series(), progress, "progress saw every sample, in order");
            assertEquals(Phase.WARMUP, result.series().get(0).phase());
            assertEquals(Phase.MEASURE, result.series().get(2).phase());
            long measuredInSeries = result.series().stream().filter(s -> s.phase() == Phase.MEASURE).mapToLong(SecondSample::ops).sum();
            assertEquals(result.opsMeasured(), measuredInSeries, "the series adds up to the measured ops");
            assertEquals(result.opsMeasured(), result.latencyMicros().getTotalCount(), "one latency per measured op");
            assertTrue(result.opsTotal() >= result.opsMeasured());
        }
    }

    @Test
    void aKillFaultCallsTheKillerWithTheReplicaAndTheGroupGoesOn() throws Exception {
        try (InProcessGroup group = new InProcessGroup(dir, 1, 4, 1)) {
            LoadSpec spec = new LoadSpec(group.clientNames(), 2, 0, 1, 2, List.of(FaultSpec.parse("kill:3@0.5s")));
            List<Integer> killed = Collections.synchronizedList(new ArrayList<>());
            LoadResult result = new LoadEngine(group.config, spec).killer(id -> {
                killed.add(id);
                group.stop(id);
            }).run();

            assertEquals(List.of(3), killed);
            assertEquals(1, result.faultEvents().size());
            assertTrue(result.faultEvents().get(0).ok(), result.faultEvents().toString());
            assertTrue(result.opsMeasured() > 0, "f=1: three replicas still order requests");
            assertEquals(0, result.errors());
        }
    }

    @Test
    void aWarmUpUntilSteadyRunsItsMeasuredSecondsAndItsFaultsAfterIt() throws Exception {
        try (InProcessGroup group = new InProcessGroup(dir, 1, 4, 1)) {
            LoadSpec spec = new LoadSpec(group.clientNames(), 2, 0, 1, 2, List.of(FaultSpec.parse("kill:3@0.5s")), 12);
            LoadResult result = new LoadEngine(group.config, spec).killer(group::stop).run();

            int warmup = result.warmupSeconds();
            assertTrue(warmup >= 1 && warmup <= 12, "between --warmup and --warmup-max: " + warmup);
            assertEquals(warmup + 2, result.series().size(), "then exactly the measured seconds");
            assertTrue(result.faultEvents().get(0).runSeconds() >= warmup + 0.5 - 0.1,
                    "the fault fires in the measured part: " + result.faultEvents() + " after " + warmup + " s");
        }
    }

    @Test
    void aSpecTheConfigCannotServeIsRefusedBeforeAnythingStarts() throws Exception {
        try (InProcessGroup group = new InProcessGroup(dir, 0, 1, 1)) {
            int slots = group.config.params().clientOutstandingMax();
            assertThrows(IllegalArgumentException.class, () -> new LoadEngine(group.config,
                    new LoadSpec(group.clientNames(), slots + 1, 0, 0, 1, List.of())), "too many workers per principal");
            assertThrows(IllegalArgumentException.class, () -> new LoadEngine(group.config,
                    new LoadSpec(List.of("nobody"), 1, 0, 0, 1, List.of())), "unknown principal");
            assertThrows(IllegalArgumentException.class, () -> new LoadEngine(group.config,
                    new LoadSpec(group.clientNames(), 1, 0, 0, 1, List.of(FaultSpec.parse("kill:1@0s")))), "no replica 1");
            LoadSpec kill = new LoadSpec(group.clientNames(), 1, 0, 0, 1, List.of(FaultSpec.parse("kill:0@0s")));
            assertThrows(IllegalStateException.class, () -> new LoadEngine(group.config, kill).run(), "kill without a killer");
        }
    }

    @Test
    void aSingleReplicaWithoutAgreementIsTheBaseline() throws Exception {
        try (InProcessGroup group = new InProcessGroup(dir, 0, 1, 1)) {
            LoadResult result = new LoadEngine(group.config, new LoadSpec(group.clientNames(), 3, 0, 0, 2, List.of())).run();
            assertTrue(result.opsMeasured() > 0);
            assertEquals(0, result.errors());
            assertEquals(2, result.series().size());
        }
    }
}
