package dev.pbft.protocol.transport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every rejection and logs the first one per (peer, reason) at WARN, the rest at DEBUG, so
 * a flooding peer cannot flood the log.
 */
final class RejectionLog {
    private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);
    private static final int DISTINCT_MAX = 10_000;

    private final TransportStats stats;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    RejectionLog(TransportStats stats) {
        this.stats = stats;
    }

    void reject(String peer, String reason, String detail) {
        stats.rejected(reason);
        String key = peer + "|" + reason;
        if (seen.size() < DISTINCT_MAX && seen.add(key)) {
            LOG.warn("rejected frame from {} ({}): {}; further rejections of this kind are counted only",
                    peer, reason, detail);
        } else {
            LOG.debug("rejected frame from {} ({}): {}", peer, reason, detail);
        }
    }
}
