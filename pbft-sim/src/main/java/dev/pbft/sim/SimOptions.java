package dev.pbft.sim;

/**
 * One simulated group, workload and time budget; the faults come from a {@link Scenario}. Times are
 * in ticks; a tick is one virtual millisecond.
 *
 * @param n                       replicas
 * @param f                       faults tolerated
 * @param clients                 client principals, each running a closed-loop workload
 * @param opsPerClient            operations each client completes
 * @param outstandingPerClient    requests a client keeps in flight
 * @param keys                    size of the shared key space (small, so clients contend)
 * @param maxDelayTicks           the largest message delay a scenario may draw
 * @param maxLossPercent          the largest loss rate a scenario may draw for the fault phase
 * @param crashes                 crashes a scenario may schedule (with Byzantine replicas, at most f)
 * @param checkpointInterval      K
 * @param windowSize              L
 * @param faultPhaseTicks         the longest fault phase a scenario may draw (faults happen in it only)
 * @param livenessBoundTicks      every operation completes within this many ticks of the later of
 *                                its invocation and the end of the fault phase
 * @param maxTicks                virtual time limit of a run
 * @param relay                   clients send a new request to the primary alone, which relays it
 *                                ({@code request.relay = 1}, the default), rather than to every replica
 * @param designatedReplies       f+1 backups answer a request, not every replica ({@code reply.designated = 1});
 *                                off by default, as in a config
 * @param digestReplies           one replica answers whole, the others with the result's digest
 *                                ({@code reply.digests = 1}); off by default, as in a config
 * @param readOnly                clients send their GETs on the read-only path ({@code request.read-only = 1})
 * @param separateBytesMin        requests of at least this many operation bytes travel in PRE-PREPAREs by
 *                                digest ({@code request.separate.bytes.min}); 0, the default, for never
 * @param relayedDigests          with {@code relay}, the primary's PRE-PREPAREs name the requests it relayed
 *                                by digest ({@code request.relayed.digests = 1}, the default)
 */
public record SimOptions(int n, int f, int clients, int opsPerClient, int outstandingPerClient, int keys,
                         int maxDelayTicks, int maxLossPercent, int crashes, int checkpointInterval, int windowSize,
                         long faultPhaseTicks, long livenessBoundTicks, long maxTicks, boolean relay,
                         boolean designatedReplies, boolean digestReplies, boolean readOnly,
                         int separateBytesMin, boolean relayedDigests) {
    public SimOptions {
        if (n < 3 * f + 1 || crashes > f || clients < 1 || maxDelayTicks < 3 || keys < 1 || maxTicks < faultPhaseTicks) {
            throw new IllegalArgumentException("not a valid scenario: " + this);
        }
    }

    /** The bound the liveness check holds every operation to, after the fault phase. */
    public static final long LIVENESS_BOUND_TICKS = 20_000;

    /** A small group, a short workload, a fault phase of up to 1,500 ticks and then the liveness phase. */
    public static SimOptions faulty(int n, int f) {
        long faultPhase = 1_500;
        return new SimOptions(n, f, 4, 20, 2, 5, 20, 10, f, 8, 32, faultPhase, LIVENESS_BOUND_TICKS,
                faultPhase + LIVENESS_BOUND_TICKS + 2_000, true, false, false, false, 0, true);
    }

    /** The same group with at most {@code crashes} crashes in its scenarios. */
    public SimOptions withBackupCrashes(int crashes) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, maxLossPercent,
                crashes, checkpointInterval, windowSize, faultPhaseTicks, livenessBoundTicks, maxTicks, relay,
                designatedReplies, digestReplies, readOnly, separateBytesMin, relayedDigests);
    }

    public SimOptions withOps(int clients, int opsPerClient, int outstandingPerClient) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, maxLossPercent,
                crashes, checkpointInterval, windowSize, faultPhaseTicks, livenessBoundTicks, maxTicks, relay,
                designatedReplies, digestReplies, readOnly, separateBytesMin, relayedDigests);
    }

    public SimOptions withTicks(long faultPhaseTicks, long livenessBoundTicks, long maxTicks) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, maxLossPercent,
                crashes, checkpointInterval, windowSize, faultPhaseTicks, livenessBoundTicks, maxTicks, relay,
                designatedReplies, digestReplies, readOnly, separateBytesMin, relayedDigests);
    }

    /** The same with clients sending each new request to every replica ({@code relay = false}) or not. */
    public SimOptions withRelay(boolean relay) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, maxLossPercent,
                crashes, checkpointInterval, windowSize, faultPhaseTicks, livenessBoundTicks, maxTicks, relay,
                designatedReplies, digestReplies, readOnly, separateBytesMin, relayedDigests);
    }

    /** The same with replies from f+1 designated backups ({@code reply.designated = 1}) or from every replica. */
    public SimOptions withDesignatedReplies(boolean designatedReplies) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, maxLossPercent,
                crashes, checkpointInterval, windowSize, faultPhaseTicks, livenessBoundTicks, maxTicks, relay,
                designatedReplies, digestReplies, readOnly, separateBytesMin, relayedDigests);
    }

    /** The same with requests of at least {@code bytes} ordered by digest ({@code request.separate.bytes.min}). */
    public SimOptions withSeparateRequests(int bytes) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, maxLossPercent,
                crashes, checkpointInterval, windowSize, faultPhaseTicks, livenessBoundTicks, maxTicks, relay,
                designatedReplies, digestReplies, readOnly, bytes, relayedDigests);
    }

    /** The same with one whole reply and the others digests ({@code reply.digests = 1}), or whole replies. */
    public SimOptions withDigestReplies(boolean digests) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, maxLossPercent,
                crashes, checkpointInterval, windowSize, faultPhaseTicks, livenessBoundTicks, maxTicks, relay,
                designatedReplies, digests, readOnly, separateBytesMin, relayedDigests);
    }

    /** The same with GETs on the read-only path ({@code request.read-only = 1}), or ordered. */
    public SimOptions withReadOnly(boolean reads) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, maxLossPercent,
                crashes, checkpointInterval, windowSize, faultPhaseTicks, livenessBoundTicks, maxTicks, relay,
                designatedReplies, digestReplies, reads, separateBytesMin, relayedDigests);
    }

    /** The same with relayed requests named by digest in PRE-PREPAREs ({@code request.relayed.digests}) or whole. */
    public SimOptions withRelayedDigests(boolean relayedDigests) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, maxLossPercent,
                crashes, checkpointInterval, windowSize, faultPhaseTicks, livenessBoundTicks, maxTicks, relay,
                designatedReplies, digestReplies, readOnly, separateBytesMin, relayedDigests);
    }
}
