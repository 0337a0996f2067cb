package dev.pbft.replica.runtime;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * A replica's meters in a Micrometer registry, all tagged {@code replica=<id>}. Counters and gauges
 * read a {@link Snapshot} the replica's own thread publishes about once a second, so reading them
 * never touches the core's state from another thread; the batch size, the time from this
 * replica's PRE-PREPARE or PREPARE for a batch to its execution, and the service's time to execute
 * it are recorded as batches execute. Drops are counted by reason and, for each other replica, by
 * peer (clients are too many for a series each). Counters for a new rejection or drop reason
 * appear once it first occurs.
 */
final class ReplicaMetrics {
    /** How often, in ticks, the replica publishes a snapshot. */
    static final int SNAPSHOT_TICKS = 100;

    /** What the meters read, taken on the replica's thread. */
    record Snapshot(Replica.Status status, long requestsExecuted, long batchesExecuted, long checkpointsStable,
                    long viewChangesStarted, long viewsInstalled, long stateTransfers, long statePartitionsFetched,
                    long readsExecuted, long separateFetches, long framesSent, long framesReceived, long inboxDropped, Map<String, Long> coreRejected,
                    Map<String, Long> transportRejected, Map<String, Long> dropped, int[] queued, long[] droppedTo) {
    }

    private final MeterRegistry registry;
    private final Tags tags;
    private final DistributionSummary batchSize;
    private final Timer agreement;
    private final Timer execution;
    /** When the batch executing now started, or -1 between batches. */
    private long executingSinceNanos = -1;
    /** Sequence number to when this replica pre-prepared or prepared it; emptied as batches execute. */
    private final Map<Long, Long> agreedSince = new HashMap<>();
    private final Set<String> reasons = new HashSet<>();
    private volatile Snapshot latest;

    ReplicaMetrics(MeterRegistry registry, int replica, Snapshot first) {
        this.registry = registry;
        this.tags = Tags.of("replica", Integer.toString(replica));
        this.latest = first;
        counter("pbft.requests.executed", "requests executed", Snapshot::requestsExecuted);
        counter("pbft.batches.executed", "batches executed", Snapshot::batchesExecuted);
        counter("pbft.checkpoints.stable", "checkpoints that became stable", Snapshot::checkpointsStable);
        counter("pbft.view.changes.started", "view changes this replica started", Snapshot::viewChangesStarted);
        counter("pbft.views.installed", "views installed", Snapshot::viewsInstalled);
        counter("pbft.state.transfers", "state transfers completed", Snapshot::stateTransfers);
        counter("pbft.state.partitions.fetched", "state partitions fetched from peers", Snapshot::statePartitionsFetched);
        counter("pbft.reads.executed", "read-only requests answered outside the order", Snapshot::readsExecuted);
        counter("pbft.separate.fetches", "batches fetched for PRE-PREPAREs that named a request this replica lacked",
                Snapshot::separateFetches);
        counter("pbft.frames.sent", "frames sent", Snapshot::framesSent);
        counter("pbft.frames.received", "frames received", Snapshot::framesReceived);
        counter("pbft.inbox.dropped", "messages dropped because the core fell behind", Snapshot::inboxDropped);
        gauge("pbft.view", "the view this replica is in", s -> s.status().view());
        gauge("pbft.primary", "the primary of that view", s -> s.status().primary());
        gauge("pbft.last.executed", "the last sequence number executed", s -> s.status().lastExecuted());
        gauge("pbft.low.water.mark", "the last stable checkpoint's sequence number", s -> s.status().lowWaterMark());
        gauge("pbft.peers.connected", "other replicas connected", s -> s.status().peersConnected());
        for (int peer = 0; peer < first.queued().length; peer++) {
            if (peer == replica) {
                continue;
            }
            int p = peer;
            Gauge.builder("pbft.outbound.queue", this, m -> m.latest.queued()[p]).tags(tags.and("peer", "" + p))
                    .description("messages queued for a replica").baseUnit("messages").register(registry);
            FunctionCounter.builder("pbft.peer.dropped", this, m -> m.latest.droppedTo()[p])
                    .tags(tags.and("peer", "" + p)).description("messages to a replica dropped, for any reason")
                    .baseUnit("messages").register(registry);
        }
        this.batchSize = DistributionSummary.builder("pbft.batch.size").tags(tags).baseUnit("requests")
                .description("requests per executed batch").publishPercentileHistogram().register(registry);
        this.agreement = Timer.builder("pbft.agreement.latency").tags(tags).publishPercentileHistogram()
                .description("from this replica's PRE-PREPARE or PREPARE for a batch to its execution").register(registry);
        this.execution = Timer.builder("pbft.execution.latency").tags(tags).publishPercentileHistogram()
                .description("the service's time to execute one batch").register(registry);
        registerReasons(first);
    }

    /** A batch starts executing at {@code nanos}; on the replica's thread. */
    void batchExecuting(long nanos) {
        executingSinceNanos = nanos;
    }

    /** This replica pre-prepared or prepared {@code seq} at {@code nanos}; on the replica's thread. */
    void agreementStarted(long seq, long nanos) {
        if (agreedSince.size() < MAX_TRACKED) {
            agreedSince.putIfAbsent(seq, nanos);
        }
    }

    /** Takes a new snapshot (on the replica's thread); registers counters for reasons first seen. */
    void publish(Snapshot next) {
        latest = next;
        registerReasons(next);
    }

    /** Batch {@code seq} of {@code requests} executed at {@code nanos}; on the replica's thread. */
    void batchExecuted(long seq, int requests, long nanos) {
        batchSize.record(requests);
        if (executingSinceNanos >= 0) {
            execution.record(nanos - executingSinceNanos, TimeUnit.NANOSECONDS);
            executingSinceNanos = -1;
        }
        Long since = agreedSince.remove(seq);
        if (since != null) {
            agreement.record(nanos - since, TimeUnit.NANOSECONDS);
        }
        if (!agreedSince.isEmpty() && agreedSince.size() > MAX_TRACKED / 2) {
            agreedSince.keySet().removeIf(s -> s <= seq); // prepared here but executed after a view change
        }
    }

    /** Bounds the batches timed at once; a window holds far fewer. */
    private static final int MAX_TRACKED = 4096;

    private void registerReasons(Snapshot s) {
        reason("pbft.rejected", "core", s.coreRejected(), Snapshot::coreRejected);
        reason("pbft.rejected", "transport", s.transportRejected(), Snapshot::transportRejected);
        reason("pbft.dropped", "transport", s.dropped(), Snapshot::dropped);
    }

    private void reason(String name, String layer, Map<String, Long> counts,
                        java.util.function.Function<Snapshot, Map<String, Long>> of) {
        for (String reason : counts.keySet()) {
            if (reasons.add(name + "/" + layer + "/" + reason)) {
                FunctionCounter.builder(name, this, m -> of.apply(m.latest).getOrDefault(reason, 0L))
                        .tags(tags.and("layer", layer, "reason", reason))
                        .description(name.endsWith("dropped") ? "messages dropped, by reason"
                                : "messages refused, by reason").register(registry);
            }
        }
    }

    private void counter(String name, String description, ToDoubleFunction<Snapshot> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.latest)).tags(tags).description(description)
                .register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.latest)).tags(tags).description(description)
                .register(registry);
    }
}
