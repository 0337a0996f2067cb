package dev.pbft.client.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.RequestDigest;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The PBFT client protocol (Castro and Liskov, section 4.1) as a pure state machine: no threads,
 * sockets or clock. Inputs are {@link #submit}, {@link #onReply} and {@link #tick}; outputs go to
 * the {@link ClientOutbox} and the {@link ResultListener}s, synchronously. Not thread-safe: one
 * thread drives it.
 *
 * <ul>
 *   <li>Each request gets the next timestamp, strictly increasing from
 *       {@link ClientSettings#firstTimestamp()}, and goes to every replica: the replicas endorse it
 *       to each other and the primary, {@code view mod n}, orders it once f+1 have. Without
 *       {@link ClientSettings#sendToAll()} (the replicas relay requests, {@code request.relay}) it
 *       goes to the primary alone, until a request needs a retransmission: the primary may be one
 *       that relays nothing, so for the next {@link #DISTRUST_RETRANSMIT_PERIODS} retransmission
 *       periods new requests go to every replica too. Such a primary costs each client one
 *       retransmission period in that many, not one per request.
 *   <li>Replicas may answer through f+1 designated replicas alone ({@code reply.designated}), so a
 *       retransmission, which every replica that executed the request answers, is also what gets
 *       past a designated replica that withholds or alters its reply. For the same
 *       {@link #DISTRUST_RETRANSMIT_PERIODS} periods after one, new requests ask every replica to
 *       answer ({@link Request#replyAll()}): such a replica, too, costs each client one period in
 *       that many.
 *   <li>Read-only operations ({@link #submitReadOnly}, {@code request.read-only}) go to every
 *       replica, which run them at once; a read completes on 2f+1 matching replies and is ordered
 *       under its timestamp when they disagree or are late.
 *   <li>A result is accepted once f+1 distinct replicas' latest replies for that timestamp carry
 *       equal results, or with {@code reply.digests} name them by digest while one carries it
 *       whole: at least one of them is correct. A faulty replica can neither forge a result
 *       nor, by answering differently, block one.
 *   <li>Without a result after {@code retransmitTicks}, the request is re-sent to all replicas (one
 *       may have missed it), again after doubling intervals up to
 *       {@code retransmitMaxTicks}; after {@code timeoutTicks} it fails. Nothing else fails a
 *       request: while the replicas change view it keeps being retransmitted until its timeout.
 *   <li>When accepted replies reveal a newer view, every outstanding request is sent to the new
 *       primary at once and its retransmission interval starts again from {@code retransmitTicks}:
 *       requests sent to the old primary would otherwise wait out a backoff grown during the
 *       outage.
 *   <li>Exactly-once window: outstanding timestamps always span fewer than {@code outstandingMax}
 *       (W) values, see {@link #canSubmit()}. Replicas keep results only for the W timestamps up to
 *       a client's highest executed one and treat anything older as done, so a request is never
 *       overtaken by one W or more newer while it is outstanding.
 *   <li>Bounded: at most W requests (implied by the span), each keeping at most n replies.
 * </ul>
 *
 * <p>A request that fails with a timeout has an unknown outcome: it may still execute later, or,
 * once the client has moved W timestamps past it, never.
 */
public final class ClientCore {
    private final ClientSettings settings;
    private final RequestAuthenticator authenticator;
    private final ClientOutbox outbox;
    private final int[] allReplicas;
    // Insertion order is timestamp order, so ticks and failures run oldest first.
    private final Map<Long, PendingRequest> pending = new LinkedHashMap<>();
    private long nextTimestamp;
    private long view;
    /**
     * Ticks so far; new requests go to every replica, and ask every replica to answer, while it is
     * below {@link #distrustUntilTick}.
     */
    private long ticks;
    private long distrustUntilTick;

    /**
     * How long, in retransmission periods, a retransmission makes new requests go to every replica
     * and ask every replica to answer.
     */
    public static final int DISTRUST_RETRANSMIT_PERIODS = 64;

    public ClientCore(ClientSettings settings, RequestAuthenticator authenticator, ClientOutbox outbox) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.allReplicas = new int[settings.n()];
        Arrays.setAll(allReplicas, i -> i);
        this.nextTimestamp = settings.firstTimestamp();
    }

    /**
     * Sends a new read-write request for {@code operation} to every replica (or the primary alone).
     *
     * @return the request's timestamp, which the listener's calls carry
     * @throws IllegalStateException if {@link #canSubmit()} is false; no timestamp is used then
     */
    public long submit(Bytes operation, ResultListener listener) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(listener, "listener");
        requireRoom();
        long timestamp = nextTimestamp++;
        PendingRequest p = new PendingRequest(ordered(timestamp, operation), listener, settings.n(),
                settings.retransmitTicks());
        pending.put(timestamp, p);
        sendOrdered(p);
        return timestamp;
    }

    /**
     * Submits a read-only operation: with the read-only path ({@link ClientSettings#readOnlyPath()})
     * it goes to every replica, which run it at once, and completes on 2f+1 matching replies; if
     * they disagree too much for that, or have not come after the retransmission period, it is
     * ordered under the same timestamp like any request. Without the path it is ordered at once.
     * Replicas answer only operations the service declares read-only; any other costs the
     * retransmission period before it is ordered.
     *
     * @throws IllegalStateException if {@link #canSubmit()} is false
     */
    public long submitReadOnly(Bytes operation, ResultListener listener) {
        if (!settings.readOnlyPath()) {
            return submit(operation, listener);
        }
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(listener, "listener");
        requireRoom();
        long timestamp = nextTimestamp++;
        byte flags = Request.flags(true, false);
        Bytes auth = authenticator.authenticate(RequestDigest.of(settings.self(), timestamp, flags, operation));
        Request read = new Request(settings.self(), timestamp, operation, true, false, auth);
        PendingRequest p = new PendingRequest(read, listener, settings.n(), settings.retransmitTicks());
        pending.put(timestamp, p);
        outbox.multicast(allReplicas.clone(), read);
        p.sentToAll = true;
        return timestamp;
    }

    private void requireRoom() {
        if (!canSubmit()) {
            long oldest = oldestOutstanding();
            throw new IllegalStateException("request " + oldest + " is still outstanding and timestamp " + nextTimestamp
                    + " would be " + (nextTimestamp - oldest) + " past it; outstandingMax = " + settings.outstandingMax()
                    + " allows less (replicas would then treat " + oldest + " as too old to execute)");
        }
    }

    private Request ordered(long timestamp, Bytes operation) {
        boolean distrust = ticks < distrustUntilTick;
        byte flags = Request.flags(false, distrust);
        Bytes auth = authenticator.authenticate(RequestDigest.of(settings.self(), timestamp, flags, operation));
        return new Request(settings.self(), timestamp, operation, false, distrust, auth);
    }

    private void sendOrdered(PendingRequest p) {
        Request request = p.request;
        if (settings.sendToAll() || request.replyAll()
                || (settings.sendToAllBytesMin() > 0 && request.operation().length() >= settings.sendToAllBytesMin())) {
            // The primary orders only what f+1 replicas endorse: they must see it to check their MAC.
            outbox.multicast(allReplicas.clone(), request);
            p.sentToAll = true;
        } else {
            outbox.send(primary(), request);
            p.sentToAll = false;
        }
    }

    /** A read the replicas did not answer alike in time goes the ordered way, under its timestamp. */
    private void orderInstead(PendingRequest p) {
        p.request = ordered(p.request.timestamp(), p.request.operation());
        p.forgetReplies();
        p.restartRetransmission(settings.retransmitTicks());
        sendOrdered(p);
    }

    /**
     * Takes a reply from authenticated sender {@code from}. Ignored unless {@code from} is a
     * replica, the reply names {@code from} as its replica and this client as its client, and its
     * timestamp is outstanding. A replica's later reply replaces its earlier one.
     */
    public void onReply(int from, Reply reply) {
        if (from < 0 || from >= settings.n() || reply.replica() != from || reply.client() != settings.self()) {
            return;
        }
        PendingRequest p = pending.get(reply.timestamp());
        if (p == null || reply.read() != p.request.readOnly()) {
            return; // an answer to the read, late, once it is ordered (or a faulty replica's)
        }
        // A read needs 2f+1: they include a correct replica that prepared, and so executed before
        // answering, every write completed before the read began (see the replicas' ReadPath).
        int quorum = p.request.readOnly() ? 2 * settings.f() + 1 : settings.f() + 1;
        if (p.record(reply) < quorum) {
            if (p.request.readOnly() && p.largestAgreement() + settings.n() - p.replies() < quorum) {
                orderInstead(p); // too many disagree for 2f+1 alike: replicas were at other states
            }
            return;
        }
        Bytes result = p.wholeResult(reply);
        if (result == null) {
            return; // f+1 digests agree, and the replica that answers whole has not yet: it may be faulty
        }
        pending.remove(reply.timestamp());
        follow(viewVouchedFor(p.matching(reply)));
        p.listener.completed(reply.timestamp(), result);
    }

    /**
     * The highest view that f+1 of {@code quorum}'s replies reach, so at least one correct replica
     * vouches for it: one faulty replica claiming view 10^9 cannot misdirect requests.
     */
    private long viewVouchedFor(Reply[] quorum) {
        long[] views = Arrays.stream(quorum).mapToLong(Reply::view).sorted().toArray();
        return views[views.length - (settings.f() + 1)];
    }

    /**
     * Moves to {@code newView} if it is newer. The outstanding requests went to the old primary,
     * which the replicas have just replaced, perhaps because it is dead: send them to the new one
     * now and retransmit again soon if it does not answer either.
     */
    private void follow(long newView) {
        if (newView <= view) {
            return; // a stale view never moves the guess back
        }
        view = newView;
        for (PendingRequest p : pending.values()) {
            outbox.send(primary(), p.request);
            p.sentToAll = false;
            p.restartRetransmission(settings.retransmitTicks());
        }
    }

    /**
     * The runtime has no connection to the presumed primary. Every outstanding request that so far
     * went to it alone goes to all replicas now, not at its retransmission timer: the backups learn
     * of it at once and replace a crashed primary sooner. Idempotent; runtimes may call it on every
     * tick while the primary is unreachable.
     */
    public void primaryUnreachable() {
        for (PendingRequest p : pending.values()) {
            if (!p.sentToAll) {
                outbox.multicast(allReplicas.clone(), p.request);
                p.sentToAll = true;
            }
        }
    }

    /** Advances logical time by one tick: retransmits and fails what is due. */
    public void tick() {
        ticks++;
        if (pending.isEmpty()) {
            return; // an idle client, of many sharing a loop, costs a call per tick
        }
        List<PendingRequest> expired = new ArrayList<>();
        for (Iterator<PendingRequest> it = pending.values().iterator(); it.hasNext(); ) {
            PendingRequest p = it.next();
            p.ageTicks++;
            if (p.ageTicks >= settings.timeoutTicks()) {
                it.remove();
                expired.add(p);
            } else if (p.ageTicks >= p.nextRetransmitTick && p.request.readOnly()) {
                orderInstead(p);
            } else if (p.ageTicks >= p.nextRetransmitTick) {
                outbox.multicast(allReplicas.clone(), p.request);
                p.sentToAll = true;
                distrustUntilTick = ticks + DISTRUST_RETRANSMIT_PERIODS * settings.retransmitTicks();
                p.retransmitIntervalTicks = Math.min(p.retransmitIntervalTicks * 2, settings.retransmitMaxTicks());
                p.nextRetransmitTick = p.ageTicks + p.retransmitIntervalTicks;
            }
        }
        failAll(expired, p -> timeoutReason(p));
    }

    /** Fails every outstanding request with {@code reason} (e.g. "client closed") and forgets it. */
    public void failAll(String reason) {
        List<PendingRequest> all = new ArrayList<>(pending.values());
        pending.clear();
        failAll(all, p -> reason);
    }

    /**
     * Whether a new request may be submitted now: true if none is outstanding, or if
     * {@code nextTimestamp() - (oldest outstanding timestamp) < outstandingMax}.
     *
     * <p>Why a span and not a count: replicas remember, per client, only the results of the W =
     * {@code outstandingMax} timestamps up to the highest they executed, and treat anything older
     * as done. If the oldest request t were lost on its way to the primary while newer ones went on
     * completing, submitting t + W would make t "too old" everywhere once t + W executes: t would
     * then never execute, or execute with its reply evicted. Keeping every outstanding timestamp
     * within W - 1 of the oldest keeps t executable until it completes or times out. The span
     * bound implies the count bound: at most W requests are outstanding.
     */
    public boolean canSubmit() {
        return nextTimestamp - oldestOutstanding() < settings.outstandingMax();
    }

    /** Requests submitted and neither completed nor failed. */
    public int outstanding() {
        return pending.size();
    }

    /** The highest view learned from accepted results; 0 at first. */
    public long view() {
        return view;
    }

    /** The replica new requests go to: {@code view mod n}. */
    public int primary() {
        return (int) (view % settings.n());
    }

    /** The timestamp the next {@link #submit} will use. */
    public long nextTimestamp() {
        return nextTimestamp;
    }

    public ClientSettings settings() {
        return settings;
    }

    /** The oldest outstanding request's timestamp, or {@link #nextTimestamp()} if none is outstanding. */
    private long oldestOutstanding() {
        // Insertion order is timestamp order: the first entry is the oldest.
        return pending.isEmpty() ? nextTimestamp : pending.keySet().iterator().next();
    }

    private String timeoutReason(PendingRequest p) {
        int replies = p.replies();
        int agreeing = p.largestAgreement();
        String seen = replies + (replies == 1 ? " reply" : " replies");
        String verdict = agreeing >= 2
                ? "at most " + agreeing + " matching, f+1 = " + (settings.f() + 1) + " needed"
                : "no f+1 match";
        return "timed out after " + settings.timeoutTicks() * settings.tickMillis() + " ms: " + seen + ", " + verdict;
    }

    /** Calls every listener even if one throws, then rethrows the first exception. */
    private static void failAll(List<PendingRequest> requests, java.util.function.Function<PendingRequest, String> reason) {
        RuntimeException first = null;
        for (PendingRequest p : requests) {
            try {
                p.listener.failed(p.request.timestamp(), reason.apply(p));
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
