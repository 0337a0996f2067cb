package dev.pbft.replica.core;

import dev.pbft.protocol.message.StatusQuery;
import dev.pbft.protocol.message.StatusReport;
import java.util.HashMap;
import java.util.Map;

/**
 * Answers clients' {@link StatusQuery}s ({@code pbft status}) with where this replica stands. A
 * client is answered at most once per {@link #GAP_TICKS}, so a client asking in a loop costs a
 * reply now and then; state: a tick per client that asked, bounded by the config's clients.
 */
final class StatusDesk {
    /** Ticks between two answers to one client: 100 ms at the default tick. */
    static final long GAP_TICKS = 10;

    /** Where the replica stands, read when a query is answered. */
    interface Standing {
        long now();

        long view();

        boolean active();

        long lastExecuted();
    }

    private final CoreSettings s;
    private final Outbox out;
    private final CoreStats stats;
    private final Standing at;
    private final MessageLog log;
    private final Checkpoints checkpoints;
    private final Map<Integer, Long> answeredAt = new HashMap<>();
    private int peersConnected;

    StatusDesk(CoreSettings settings, Outbox out, CoreStats stats, Standing at, MessageLog log,
               Checkpoints checkpoints) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.s = settings;
        this.out = out;
        this.stats = stats;
        this.at = at;
    }

    /** How many other replicas the runtime has a connection to, as its last tick saw. */
    void peersConnected(int peers) {
        this.peersConnected = Math.max(0, Math.min(peers, s.n() - 1));
    }

    void onQuery(int from, StatusQuery q) {
        if (!s.isClient(from) || q.client() != from) {
            stats.reject("status-query:wrong-sender");
            return;
        }
        long now = at.now();
        Long last = answeredAt.get(from);
        if (last != null && now - last < GAP_TICKS) {
            stats.reject("status-query:too-often");
            return;
        }
        answeredAt.put(from, now);
        out.send(from, new StatusReport(from, q.nonce(), s.self(), at.view(), at.active(), s.primary(at.view()),
                at.lastExecuted(), log.low(), checkpoints.stableDigest(), peersConnected));
    }
}
