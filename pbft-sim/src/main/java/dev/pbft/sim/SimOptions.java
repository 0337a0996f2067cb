package dev.pbft.sim;

/**
 * One simulated scenario. Times are in ticks; a tick is one virtual millisecond.
 *
 * @param n                       replicas
 * @param f                       faults tolerated
 * @param clients                 client principals, each running a closed-loop workload
 * @param opsPerClient            operations each client completes
 * @param outstandingPerClient    requests a client keeps in flight
 * @param keys                    size of the shared key space (small, so clients contend)
 * @param maxDelayTicks           message delay is uniform in 1..maxDelayTicks: reorders across messages
 * @param duplicatePercent        chance a message is delivered twice
 * @param clientDropPercent       chance a message between a client and a replica is lost
 * @param backupCrashes           backups crashed at random times (at most f, never the primary)
 * @param checkpointInterval      K
 * @param windowSize              L
 * @param maxTicks                virtual time limit: work not done by then is a liveness failure
 */
public record SimOptions(int n, int f, int clients, int opsPerClient, int outstandingPerClient, int keys,
                         int maxDelayTicks, int duplicatePercent, int clientDropPercent, int backupCrashes,
                         int checkpointInterval, int windowSize, long maxTicks) {
    public SimOptions {
        if (n < 3 * f + 1 || backupCrashes > f || clients < 1 || maxDelayTicks < 1 || keys < 1) {
            throw new IllegalArgumentException("not a valid scenario: " + this);
        }
    }

    /** A small group with every fault this stage of the protocol survives. */
    public static SimOptions faulty(int n, int f) {
        return new SimOptions(n, f, 4, 40, 2, 5, 20, 5, 5, f, 8, 32, 200_000);
    }

    public SimOptions withBackupCrashes(int crashes) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, duplicatePercent,
                clientDropPercent, crashes, checkpointInterval, windowSize, maxTicks);
    }

    public SimOptions withOps(int clients, int opsPerClient, int outstandingPerClient) {
        return new SimOptions(n, f, clients, opsPerClient, outstandingPerClient, keys, maxDelayTicks, duplicatePercent,
                clientDropPercent, backupCrashes, checkpointInterval, windowSize, maxTicks);
    }
}
