package dev.pbft.replica.core;

import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import dev.pbft.protocol.message.Request;
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
 * @param timeouts             the protocol's timers, in ticks
 * @param endorse              order a request only once f+1 replicas endorse it ({@code request.endorsements})
 * @param relay                a replica that gets a new request from its client passes it on to the
 *                             others, who may have it from nobody else ({@code request.relay})
 * @param designatedReplies    only f+1 backups answer an executed request that does not ask for
 *                             every replica's reply ({@code reply.designated}); see {@link #answers}
 * @param digestReplies        one replica answers each request whole, the others with the result's
 *                             digest ({@code reply.digests}); see {@link #answersWhole}
 * @param readOnly             clients may use the read-only path ({@code request.read-only}): replicas
 *                             answer a read-only request at once, outside the order
 * @param separateBytesMin     the primary sends a request with an operation of at least this many
 *                             bytes to the backups by its digest ({@link dev.pbft.protocol.message.DigestPrePrepare});
 *                             0 for never ({@code request.separate.bytes.min}, only with {@code endorse})
 * @param relayedDigests       the primary's PRE-PREPAREs name each request it relayed itself by its
 *                             digest ({@code request.relayed.digests}, only with {@code relay})
 */
public record CoreSettings(int self, int n, int f, int principalCount, int windowSize, int checkpointInterval,
                           int batchRequestsMax, int batchBytesMax, int pipelineBatchesMax, int clientWindow,
                           IntFunction<String> principalNames, Timeouts timeouts, boolean endorse, boolean relay,
                           boolean designatedReplies, boolean digestReplies, boolean readOnly,
                           int separateBytesMin, boolean relayedDigests) {
    public CoreSettings {
        if (n < 3 * f + 1 || self < 0 || self >= n || principalCount < n) {
            throw new IllegalArgumentException("not a PBFT group: n=" + n + " f=" + f + " self=" + self);
        }
        if (separateBytesMin < 0 || (separateBytesMin > 0 && !endorse)) {
            // Without endorsements clients send to the primary alone: backups would lack every body.
            throw new IllegalArgumentException("separate request transmission needs endorsements: " + separateBytesMin);
        }
        if (relayedDigests && !relay) {
            // Only a relay puts the body at every backup ahead of the PRE-PREPARE that names it.
            throw new IllegalArgumentException("relayed requests by digest need the relay");
        }
        if (windowSize < checkpointInterval || checkpointInterval < 1) {
            throw new IllegalArgumentException("need 1 <= checkpoint interval <= window size");
        }
    }

    /**
     * Timers of the core, in ticks.
     *
     * @param requestTicks    how long a backup waits for a request it knows of to execute before it
     *                        moves to the next view (timeout.request.millis)
     * @param viewChangeTicks how long a replica waits for NEW-VIEW before it moves one view further;
     *                        doubles with each consecutive view change that fails
     * @param statusTicks     how long a replica that waits for something lets pass before it tells
     *                        its peers where it stands, so they re-send what it lacks
     */
    public record Timeouts(long requestTicks, long viewChangeTicks, long statusTicks) {
        public Timeouts {
            if (requestTicks < 1 || viewChangeTicks < 1 || statusTicks < 1) {
                throw new IllegalArgumentException("timeouts must be at least one tick: " + this);
            }
        }

        /** The config's millisecond timeouts on a clock that ticks every {@code tickMillis}. */
        public static Timeouts fromMillis(ProtocolParams p, long tickMillis) {
            long status = Math.max(1, Math.min(p.requestTimeoutMillis() / 4, 100) / tickMillis);
            return new Timeouts(ticks(p.requestTimeoutMillis(), tickMillis), ticks(p.viewChangeTimeoutMillis(), tickMillis),
                    status);
        }

        private static long ticks(long millis, long tickMillis) {
            return Math.max(1, (millis + tickMillis - 1) / tickMillis);
        }
    }

    /** Settings with request endorsements on, no relay, and replies from every replica. */
    public CoreSettings(int self, int n, int f, int principalCount, int windowSize, int checkpointInterval,
                        int batchRequestsMax, int batchBytesMax, int pipelineBatchesMax, int clientWindow,
                        IntFunction<String> principalNames, Timeouts timeouts) {
        this(self, n, f, principalCount, windowSize, checkpointInterval, batchRequestsMax, batchBytesMax,
                pipelineBatchesMax, clientWindow, principalNames, timeouts, true, false, false, false, false, 0, false);
    }

    /** Settings for replica {@code self} of {@code config}, on a clock that ticks every {@code tickMillis}. */
    public static CoreSettings from(ClusterConfig config, int self, long tickMillis) {
        ProtocolParams p = config.params();
        return new CoreSettings(self, config.n(), config.f(), config.principalCount(), p.windowSize(),
                p.checkpointInterval(), p.batchRequestsMax(), p.batchBytesMax(), p.pipelineBatchesMax(),
                p.clientOutstandingMax(), principal -> clientName(config, principal), Timeouts.fromMillis(p, tickMillis),
                p.requestEndorsements(), p.requestEndorsements() && p.requestRelay(), p.replyDesignated(), p.replyDigests(), p.requestReadOnly(),
                p.requestEndorsements() ? p.requestSeparateBytesMin() : 0,
                p.requestEndorsements() && p.requestRelay() && p.requestRelayedDigests());
    }

    private static String clientName(ClusterConfig config, int principal) {
        return config.isReplica(principal) ? config.principalName(principal) : config.clientByPrincipal(principal).name();
    }

    /** The primary of {@code view}: replica {@code view mod n}. */
    public int primary(long view) {
        return (int) Math.floorMod(view, (long) n);
    }

    /**
     * The quorum q = ceil((n+f+1)/2): any two quorums share at least f+1 replicas, one of them
     * correct. It is 2f+1 when n = 3f+1; with more replicas than 3f+1 a fixed 2f+1 would let two
     * groups that share only faulty replicas decide differently. Used for commits, stable
     * checkpoints, view changes and the new-view rule; prepared needs the pre-prepare plus q-1
     * PREPAREs.
     */
    public int quorum() {
        return (n + f + 2) / 2;
    }

    /**
     * Whether this replica answers request {@code r} when it executes it in {@code view}. Every
     * replica does without designated replies, or when the client asks for every reply; otherwise
     * f+1 backups of {@code view} do, a window over the backups that moves with the request's
     * client and timestamp, so each backup answers about (f+1)/(n-1) of the requests and the
     * primary, which has the most to send, none. A retransmission is answered by every replica that
     * executed it, whatever this says (the client needs f+1 matching replies, and a designated
     * replica may be faulty).
     */
    public boolean answers(Request r, long view) {
        int backups = n - 1;
        if (!designatedReplies || r.replyAll() || backups < f + 1) {
            return true;
        }
        int primary = primary(view);
        if (self == primary) {
            return false;
        }
        int backup = Math.floorMod(self - primary - 1, n); // 0..n-2, in id order after the primary
        int first = (int) Math.floorMod(r.client() + r.timestamp(), (long) backups);
        return Math.floorMod(backup - first, backups) <= f;
    }

    /**
     * Whether this replica's answer to {@code r} in {@code view}, if it answers (see
     * {@link #answers}), carries the whole result rather than its digest. Without digest replies,
     * or when the client asks for every reply, it does; otherwise one backup of {@code view} does,
     * in turn by the request's client and timestamp (the first designated one, with designated
     * replies), never the primary, which has the most to send. Replicas that disagree on the view
     * may leave a request with no whole reply: its client retransmits and gets it from every one.
     */
    public boolean answersWhole(Request r, long view) {
        if (!digestReplies || r.replyAll() || n - 1 < 1) {
            return true;
        }
        int primary = primary(view);
        int backup = Math.floorMod(self - primary - 1, n); // 0..n-2, in id order after the primary
        return self != primary && backup == (int) Math.floorMod(r.client() + r.timestamp(), (long) (n - 1));
    }

    /**
     * Whether {@code r} is one the primary orders by digest ({@code request.separate.bytes.min}):
     * its client sends it to every replica, and no replica relays it.
     */
    public boolean separates(Request r) {
        return separateBytesMin > 0 && r.operation().length() >= separateBytesMin;
    }

    public boolean isClient(int principal) {
        return principal >= n && principal < principalCount;
    }
}
