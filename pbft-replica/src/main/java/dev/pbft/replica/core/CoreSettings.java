package dev.pbft.replica.core;

import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import java.util.function.IntFunction;

/**
 * What one replica core needs to know about its group, read once from the cluster config.
 *
 * @param self                 this replica's id
 * @param n                    replicas in the group
 * @param f                    faults tolerated, n >= 3f+1
 * @param principalCount       replicas plus clients; clients are n..principalCount-1
 * @param windowSize           L: sequence numbers accepted above the last stable checkpoint
 * @param checkpointInterval   K: a checkpoint every K sequence numbers
 * @param batchRequestsMax     most requests in one batch
 * @param batchBytesMax        most operation bytes in one batch
 * @param pipelineBatchesMax   most batches the primary keeps assigned but not yet executed
 * @param clientWindow         W: per client, replies kept and timestamps tracked for exactly-once
 * @param principalNames       names for the service and logs ("c0")
 */
public record CoreSettings(int self, int n, int f, int principalCount, int windowSize, int checkpointInterval,
                           int batchRequestsMax, int batchBytesMax, int pipelineBatchesMax, int clientWindow,
                           IntFunction<String> principalNames) {
    public CoreSettings {
        if (n < 3 * f + 1 || self < 0 || self >= n || principalCount < n) {
            throw new IllegalArgumentException("not a PBFT group: n=" + n + " f=" + f + " self=" + self);
        }
        if (windowSize < checkpointInterval || checkpointInterval < 1) {
            throw new IllegalArgumentException("need 1 <= checkpoint interval <= window size");
        }
    }

    /** Settings for replica {@code self} of {@code config}. */
    public static CoreSettings from(ClusterConfig config, int self) {
        ProtocolParams p = config.params();
        return new CoreSettings(self, config.n(), config.f(), config.principalCount(), p.windowSize(),
                p.checkpointInterval(), p.batchRequestsMax(), p.batchBytesMax(), p.pipelineBatchesMax(),
                p.clientOutstandingMax(), principal -> clientName(config, principal));
    }

    private static String clientName(ClusterConfig config, int principal) {
        return config.isReplica(principal) ? config.principalName(principal) : config.clientByPrincipal(principal).name();
    }

    /** The primary of {@code view}: replica {@code view mod n}. */
    public int primary(long view) {
        return (int) Math.floorMod(view, (long) n);
    }

    /** 2f+1: commits for committed-local, checkpoints for a stable checkpoint. */
    public int quorum() {
        return 2 * f + 1;
    }

    public boolean isClient(int principal) {
        return principal >= n && principal < principalCount;
    }
}
