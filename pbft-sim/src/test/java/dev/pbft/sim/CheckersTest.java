package dev.pbft.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every checker fires on a bug planted on purpose through the simulator's test-only hooks (never in
 * the core), in an otherwise fault-free run: a checker that cannot fail proves nothing.
 */
class CheckersTest {
    private static final SimOptions QUIET = SimOptions.faulty(4, 1).withOps(2, 20, 2).withTicks(0, 3_000, 6_000);

    private static SimResult run(Simulation sim) {
        SimResult r = sim.run();
        System.out.println(r.report());
        return r;
    }

    private static Simulation quiet() {
        return new Simulation(QUIET, Scenario.benign(10), 7);
    }

    private static void fires(SimResult r, String property) {
        assertTrue(r.violations().stream().anyMatch(v -> v.startsWith(property)), property + " did not fire: " + r.report());
    }

    @Test
    void aQuietRunPasses() {
        SimResult r = run(quiet());
        assertTrue(r.ok(), r::report);
    }

    @Test
    void linearizabilityFiresWhenAReadOnTheReadOnlyPathReturnsAStaleValue() {
        Simulation sim = new Simulation(QUIET.withReadOnly(true), Scenario.benign(10), 7).plantStaleReads();
        fires(run(sim), "linearizability: read");
    }

    @Test
    void agreementFiresWhenTwoCorrectReplicasExecuteDifferentBatches() {
        fires(run(quiet().plantOtherBatch(2, 5)), "agreement: at tick");
    }

    @Test
    void checkpointAgreementFiresWhenAServiceSilentlyReturnsAnotherResult() {
        SimResult r = run(quiet().plantWrongResult(3, 3));
        assertTrue(r.violations().stream().anyMatch(v -> v.contains("state digest at checkpoint")), r::report);
    }

    @Test
    void validityFiresWhenAReplicaRunsAnOperationNoClientSent() {
        fires(run(quiet().plantOtherOperation(1, 4)), "validity");
    }

    @Test
    void exactlyOnceFiresWhenAnOperationRunsTwice() {
        fires(run(quiet().plantTwice(2, 6)), "exactly-once");
    }

    @Test
    void linearizabilityFiresWhenAClientReturnsAResultNoReplicaComputed() {
        fires(run(quiet().plantClientResult(1, 3)), "linearizability");
    }

    @Test
    void livenessFiresWithItsBoundWhenAnOperationIsDropped() {
        SimResult r = run(quiet().plantDroppedRequest(0, 4));
        fires(r, "liveness");
        assertTrue(r.violations().stream().anyMatch(v -> v.contains("bound of 3000 ticks")), r::report);
    }

    @Test
    void invariantsFireWithTheirTickWhenACorrectCoreBreaksOne() {
        SimResult r = run(quiet().plantInvariantFailure(1, 50));
        assertTrue(r.violations().stream().anyMatch(v -> v.startsWith("invariant: at tick 50 replica 1")), r::report);
    }

    @Test
    void livenessFiresWhenMoreThanFReplicasAreDown() {
        fires(run(quiet().crashAlso(2).crashAlso(3)), "liveness");
    }
}
