package dev.pbft.replica.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of one core: what it executed and every message it refused, by reason. Read by the
 * runtime for logs and metrics, by tests to check that a rule fired. Same thread as the core.
 */
public final class CoreStats {
    private final Map<String, Long> rejected = new TreeMap<>();
    private final Map<String, Long> timeouts = new TreeMap<>();
    long batchesExecuted;
    long requestsExecuted;
    long checkpointsStable;
    long viewChangesStarted;
    long viewsInstalled;
    long stateTransfers;
    long stateTransfersStarted;
    long stateSourceFaults;
    long statePartitionsFetched;
    long separateFetches;
    long readsExecuted;

    void reject(String reason) {
        rejected.merge(reason, 1L, Long::sum);
    }

    void timeout(String timer) {
        timeouts.merge(timer, 1L, Long::sum);
    }

    /**
     * PRE-PREPAREs with requests by digest ({@code request.separate.bytes.min}) that this replica
     * could not rebuild from the requests it held, so it fetched their batch from the primary.
     */
    public long separateFetches() {
        return separateFetches;
    }

    /** Read-only requests answered outside the order ({@code request.read-only}). */
    public long readsExecuted() {
        return readsExecuted;
    }

    /** Timers that expired, by name, e.g. "request" (a view change followed). */
    public Map<String, Long> timeouts() {
        return new TreeMap<>(timeouts);
    }

    public long batchesExecuted() {
        return batchesExecuted;
    }

    public long requestsExecuted() {
        return requestsExecuted;
    }

    public long checkpointsStable() {
        return checkpointsStable;
    }

    /** VIEW-CHANGEs this replica started (timer expiry or joining f+1 others). */
    public long viewChangesStarted() {
        return viewChangesStarted;
    }

    /** NEW-VIEWs installed. */
    public long viewsInstalled() {
        return viewsInstalled;
    }

    /** Stable checkpoints whose state was fetched from other replicas. */
    public long stateTransfers() {
        return stateTransfers;
    }

    /** State fetches begun (or begun again for a newer checkpoint). */
    public long stateTransfersStarted() {
        return stateTransfersStarted;
    }

    /** Answers to this replica's state requests that failed a digest check: a faulty source each. */
    public long stateSourceFaults() {
        return stateSourceFaults;
    }

    /** Partitions fetched and checked in state transfers. */
    public long statePartitionsFetched() {
        return statePartitionsFetched;
    }

    /** Refused messages by reason, e.g. "pre-prepare:bad-digest". */
    public Map<String, Long> rejected() {
        return new TreeMap<>(rejected);
    }

    public long rejected(String reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    @Override
    public String toString() {
        return "batches=" + batchesExecuted + " requests=" + requestsExecuted + " stableCheckpoints="
                + checkpointsStable + " viewChanges=" + viewChangesStarted + " viewsInstalled=" + viewsInstalled
                + " stateTransfers=" + stateTransfers + " statePartitionsFetched=" + statePartitionsFetched
                + " stateSourceFaults=" + stateSourceFaults + " separateFetches=" + separateFetches
                + " reads=" + readsExecuted + " timeouts=" + timeouts + " rejected=" + rejected;
    }
}
