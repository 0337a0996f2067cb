package dev.pbft.client;

import dev.pbft.protocol.message.StatusQuery;
import dev.pbft.protocol.message.StatusReport;
import dev.pbft.protocol.transport.Transport;
import io.netty.channel.EventLoop;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client's open status queries ({@link PbftClient#replicaStatus}): each asks every replica, asks
 * again every {@link #RESEND_MILLIS} those that have not answered (a query or report may be lost,
 * and a replica answers one client at most every 100 ms), and completes with the answers that
 * came, once all did or its time is up. Client thread only.
 */
final class StatusProbes {
    static final long RESEND_MILLIS = 250;

    private final int self;
    private final int[] replicas;
    private final Transport transport;
    private final EventLoop loop;
    private final Map<Long, Probe> open = new HashMap<>();
    private long lastNonce = System.nanoTime();

    private record Probe(CompletableFuture<Map<Integer, ReplicaStatus>> future, TreeMap<Integer, ReplicaStatus> answers) {
    }

    StatusProbes(int self, int n, Transport transport, EventLoop loop) {
        this.self = self;
        this.replicas = java.util.stream.IntStream.range(0, n).toArray();
        this.transport = transport;
        this.loop = loop;
    }

    void start(CompletableFuture<Map<Integer, ReplicaStatus>> future, long timeoutMillis) {
        long nonce = ++lastNonce;
        Probe probe = new Probe(future, new TreeMap<>());
        open.put(nonce, probe);
        ask(nonce, probe);
        loop.schedule(() -> finish(nonce), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void ask(long nonce, Probe probe) {
        if (open.get(nonce) != probe) {
            return; // finished
        }
        int[] silent = java.util.stream.IntStream.of(replicas).filter(r -> !probe.answers().containsKey(r)).toArray();
        transport.multicast(silent, new StatusQuery(self, nonce));
        loop.schedule(() -> ask(nonce, probe), RESEND_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A report from replica {@code from}; ignored unless it answers an open query as that replica. */
    void onReport(int from, StatusReport r) {
        Probe probe = open.get(r.nonce());
        if (probe == null || r.replica() != from) {
            return;
        }
        probe.answers().put(from, new ReplicaStatus(from, r.view(), r.viewActive(), r.primary(), r.lastExecuted(),
                r.stableSeq(), HexFormat.of().formatHex(r.stableDigest().backingArray()), r.peersConnected()));
        if (probe.answers().size() == replicas.length) {
            finish(r.nonce());
        }
    }

    private void finish(long nonce) {
        Probe probe = open.remove(nonce);
        if (probe != null) {
            probe.future().complete(Collections.unmodifiableSortedMap(probe.answers()));
        }
    }

    void failAll(RuntimeException why) {
        open.values().forEach(p -> p.future().completeExceptionally(why));
        open.clear();
    }
}
