package dev.pbft.sim;

import java.util.List;

/**
 * What a simulated run did and every property it broke.
 *
 * @param scenario   the faults of the run: faulty replicas and their behaviour, crashes, network
 * @param ticks      virtual time used
 * @param delivered  messages delivered
 * @param traceHash  a hash of every delivery (time, endpoints, content): equal for equal runs
 * @param maxView    the highest view a correct replica installed
 * @param stats      what correct replicas' cores counted: state transfers, rejected messages by reason
 * @param violations empty if agreement, validity, exactly-once, linearizability, liveness and the
 *                   core's invariants held
 */
public record SimResult(long seed, SimOptions options, Scenario scenario, long ticks, long delivered, long traceHash,
                        long maxView, String stats, List<String> violations) {
    public SimResult {
        violations = List.copyOf(violations);
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    /** The command that replays this run. */
    public String replayCommand() {
        return "./mvnw -B -pl pbft-sim -am verify -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dtest=SimulationTest#everySeedKeepsSafetyAndLiveness -Dsim.seed=" + seed;
    }

    /** Everything needed to understand and replay a failure: seed, group, scenario, violations, command. */
    public String report() {
        return this + "\n  group n=" + options.n() + " f=" + options.f() + ", " + options.clients() + " clients x "
                + options.opsPerClient() + " ops\n  scenario: " + scenario + "\n  correct cores: " + stats + "\n  "
                + String.join("\n  ", violations) + "\n  replay: " + replayCommand();
    }

    @Override
    public String toString() {
        return "seed " + seed + ": " + (ok() ? "ok" : violations.size() + " violations, first: " + violations.get(0))
                + " (" + ticks + " ticks, " + delivered + " messages, view " + maxView + ")";
    }
}
