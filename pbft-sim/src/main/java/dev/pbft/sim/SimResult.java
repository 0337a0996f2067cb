package dev.pbft.sim;

import java.util.List;

/**
 * What a simulated run did and every property it broke.
 *
 * @param ticks      virtual time used
 * @param delivered  messages delivered
 * @param traceHash  a hash of every delivery (time, endpoints, content): equal for equal runs
 * @param violations empty if agreement, validity, exactly-once, linearizability and liveness held
 */
public record SimResult(long seed, SimOptions options, long ticks, long delivered, long traceHash,
                        List<String> violations) {
    public boolean ok() {
        return violations.isEmpty();
    }

    /** The command that replays this run. */
    public String replayCommand() {
        return "./mvnw -B -pl pbft-sim -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=SimulationTest -Dsim.seed=" + seed;
    }

    @Override
    public String toString() {
        return "seed " + seed + ": " + (ok() ? "ok" : violations.size() + " violations, first: " + violations.get(0))
                + " (" + ticks + " ticks, " + delivered + " messages)";
    }
}
