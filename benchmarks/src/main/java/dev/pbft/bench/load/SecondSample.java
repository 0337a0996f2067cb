package dev.pbft.bench.load;

/**
 * What happened in one second of a run.
 *
 * @param second            1-based, counted from the start of the warm-up, so the measured part
 *                          starts at {@code warmupSeconds + 1}
 * @param phase             the part of the run this second belongs to
 * @param ops               invocations that completed successfully in this second
 * @param errors            invocations that failed in this second
 * @param latencyP50Micros  median latency of this second's completions; 0 if there were none
 */
public record SecondSample(int second, Phase phase, long ops, long errors, long latencyP50Micros) {
    public SecondSample {
        if (second < 1 || ops < 0 || errors < 0 || latencyP50Micros < 0) {
            throw new IllegalArgumentException("invalid sample: second " + second + ", ops " + ops
                    + ", errors " + errors + ", p50 " + latencyP50Micros);
        }
        java.util.Objects.requireNonNull(phase, "phase");
    }
}
