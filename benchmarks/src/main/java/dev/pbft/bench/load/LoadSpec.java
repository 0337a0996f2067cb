package dev.pbft.bench.load;

import java.util.List;
import java.util.Objects;

/**
 * What load to apply: {@code clients} closed-loop workers, each with exactly one request
 * outstanding, spread round-robin over the client principals (worker i uses
 * {@code principals.get(i % principals.size())}), sending operations of {@code requestBytes} bytes
 * for {@code warmupSeconds} (longer, up to {@code warmupMaxSeconds}, while throughput still climbs:
 * see {@link SteadyWarmup}) and then {@code durationSeconds} measured seconds, with {@code faults}
 * injected during the measured part.
 *
 * <p>Workers share a principal's connection and request slots, so a principal must allow
 * {@code ceil(clients / principals)} requests in flight ({@code client.outstanding.max}); the
 * engine checks that against the config.
 *
 * @param principals       client names from the config; not empty, no duplicates
 * @param clients          closed-loop workers, >= 1
 * @param requestBytes     size of every operation, >= 0 (contents are zeros)
 * @param warmupSeconds    unmeasured seconds first, >= 0
 * @param durationSeconds  measured seconds, >= 1
 * @param faults           faults to inject; each fires strictly before the measured part ends, and
 *                         together they pass {@link FaultSpec#checkSchedule}
 * @param warmupMaxSeconds the longest warm-up, >= warmupSeconds; equal to it for a fixed warm-up
 */
public record LoadSpec(List<String> principals, int clients, int requestBytes, int warmupSeconds,
                       int durationSeconds, List<FaultSpec> faults, int warmupMaxSeconds) {

    /** A load with a fixed warm-up of {@code warmupSeconds}. */
    public LoadSpec(List<String> principals, int clients, int requestBytes, int warmupSeconds, int durationSeconds,
                    List<FaultSpec> faults) {
        this(principals, clients, requestBytes, warmupSeconds, durationSeconds, faults, warmupSeconds);
    }

    public LoadSpec {
        principals = List.copyOf(Objects.requireNonNull(principals, "principals"));
        faults = List.copyOf(Objects.requireNonNull(faults, "faults"));
        if (principals.isEmpty()) {
            throw new IllegalArgumentException("need at least one client principal");
        }
        if (principals.stream().distinct().count() != principals.size()) {
            throw new IllegalArgumentException("client principals must be distinct, got " + principals);
        }
        require(clients >= 1, "clients must be >= 1, got " + clients);
        require(requestBytes >= 0, "requestBytes must be >= 0, got " + requestBytes);
        require(warmupSeconds >= 0, "warmupSeconds must be >= 0, got " + warmupSeconds);
        require(durationSeconds >= 1, "durationSeconds must be >= 1, got " + durationSeconds);
        require(warmupMaxSeconds >= warmupSeconds, "warmupMaxSeconds (" + warmupMaxSeconds
                + ") must be >= warmupSeconds (" + warmupSeconds + ")");
        for (FaultSpec f : faults) {
            require(f.atSeconds() < durationSeconds, "fault " + f.text() + " would fire after the measured part ends ("
                    + durationSeconds + " s); expected a time below " + durationSeconds + " s");
        }
        FaultSpec.checkSchedule(faults);
    }

    /** The same load without faults: the reference run for a baseline. */
    public LoadSpec withoutFaults() {
        return new LoadSpec(principals, clients, requestBytes, warmupSeconds, durationSeconds, List.of(), warmupMaxSeconds);
    }

    /** The principals that actually get a worker: the first {@code min(clients, principals)}. */
    public List<String> principalsUsed() {
        return principals.subList(0, Math.min(clients, principals.size()));
    }

    /** The most workers that share one principal. */
    public int workersPerPrincipalMax() {
        return (clients + principals.size() - 1) / principals.size();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
