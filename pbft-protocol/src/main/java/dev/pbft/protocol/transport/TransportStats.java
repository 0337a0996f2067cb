package dev.pbft.protocol.transport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a transport endpoint: frames in and out, and every rejection or drop by reason.
 * Thread-safe; read for metrics, tests and shutdown summaries.
 */
public final class TransportStats {
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder framesReceived = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

    void sent() {
        framesSent.increment();
    }

    void received() {
        framesReceived.increment();
    }

    void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void dropped(String reason) {
        dropped.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public long framesSent() {
        return framesSent.sum();
    }

    /** Authenticated messages delivered to the handler (a frame may carry several). */
    public long framesReceived() {
        return framesReceived.sum();
    }

    /** Inbound frames and handshakes refused, by reason ("mac", "bound", "malformed", "handshake", ...). */
    public Map<String, Long> rejected() {
        return snapshot(rejected);
    }

    /** Outbound messages not sent, by reason ("queue-full", "no-route", ...). */
    public Map<String, Long> dropped() {
        return snapshot(dropped);
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public String toString() {
        return "sent=" + framesSent() + " received=" + framesReceived() + " rejected=" + rejected()
                + " dropped=" + dropped();
    }
}
