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
 *       {@link ClientSettings#firstTimestamp()}, and goes to the presumed primary, {@code view mod n}.
 *   <li>A result is accepted once f+1 distinct replicas' latest replies for that timestamp carry
 *       equal results: at least one of them is correct. A faulty replica can neither forge a result
 *       nor, by answering differently, block one.
 *   <li>Without a result after {@code retransmitTicks}, the request is re-sent to all replicas (so
 *       backups notice a primary that ignores it), again after doubling intervals up to
 *       {@code retransmitMaxTicks}; after {@code timeoutTicks} it fails.
 *   <li>Bounded: at most {@code outstandingMax} requests, each keeping at most n replies.
 * </ul>
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

    public ClientCore(ClientSettings settings, RequestAuthenticator authenticator, ClientOutbox outbox) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.allReplicas = new int[settings.n()];
        Arrays.setAll(allReplicas, i -> i);
        this.nextTimestamp = settings.firstTimestamp();
    }

    /**
     * Sends a new read-write request for {@code operation} to the presumed primary.
     *
     * @return the request's timestamp, which the listener's calls carry
     * @throws IllegalStateException if {@link #outstanding()} is already {@code outstandingMax}
     */
    public long submit(Bytes operation, ResultListener listener) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(listener, "listener");
        if (pending.size() >= settings.outstandingMax()) {
            throw new IllegalStateException(settings.outstandingMax() + " requests outstanding, the most allowed");
        }
        long timestamp = nextTimestamp++;
        Bytes auth = authenticator.authenticate(RequestDigest.of(settings.self(), timestamp, false, operation));
        Request request = new Request(settings.self(), timestamp, operation, false, auth);
        pending.put(timestamp, new PendingRequest(request, listener, settings.n(), settings.retransmitTicks()));
        outbox.send(primary(), request);
        return timestamp;
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
        if (p == null || p.record(reply) < settings.f() + 1) {
            return;
        }
        Reply[] quorum = p.matching(reply);
        // Follow the highest view that f+1 of the matching replies reach, so at least one correct
        // replica vouches for it: one faulty replica claiming view 10^9 cannot misdirect requests.
        long[] views = Arrays.stream(quorum).mapToLong(Reply::view).sorted().toArray();
        view = Math.max(view, views[views.length - (settings.f() + 1)]);
        pending.remove(reply.timestamp());
        p.listener.completed(reply.timestamp(), reply.result());
    }

    /** Advances logical time by one tick: retransmits and fails what is due. */
    public void tick() {
        List<PendingRequest> expired = new ArrayList<>();
        for (Iterator<PendingRequest> it = pending.values().iterator(); it.hasNext(); ) {
            PendingRequest p = it.next();
            p.ageTicks++;
            if (p.ageTicks >= settings.timeoutTicks()) {
                it.remove();
                expired.add(p);
            } else if (p.ageTicks >= p.nextRetransmitTick) {
                outbox.multicast(allReplicas.clone(), p.request);
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
