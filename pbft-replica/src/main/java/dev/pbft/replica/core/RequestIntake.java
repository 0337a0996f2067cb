package dev.pbft.replica.core;

import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The requests a replica knows of and has not executed, oldest first, each with the tick it became
 * known (the view-change timer of section 4.4 runs on the oldest), and the primary's queue of
 * requests not yet in a batch. Bounded: at most W (the client window) known requests per client.
 */
final class RequestIntake {
    /** A known request: since when, and when this backup last relayed it to the primary (or MIN_VALUE). */
    private record Known(Request request, long sinceTick, long relayedAt) {
    }

    private final int perClientMax;
    private final LinkedHashMap<RequestId, Known> known = new LinkedHashMap<>();
    private final Map<Integer, Integer> knownPerClient = new HashMap<>();
    private final LinkedHashMap<RequestId, Request> queue = new LinkedHashMap<>();

    RequestIntake(int perClientMax) {
        this.perClientMax = perClientMax;
    }

    /** Notes {@code r} as known since {@code now}; false if its client already has W known requests. */
    boolean know(Request r, long now) {
        RequestId id = RequestId.of(r);
        if (known.containsKey(id)) {
            return true;
        }
        if (knownPerClient.getOrDefault(r.client(), 0) >= perClientMax) {
            return false;
        }
        known.put(id, new Known(r, now, Long.MIN_VALUE));
        knownPerClient.merge(r.client(), 1, Integer::sum);
        return true;
    }

    /**
     * Whether a backup should relay known request {@code r} to the primary now: the first time, and
     * again only once {@code intervalTicks} have passed, so a client re-sending one request at a
     * high rate to a backup cannot make it flood the primary's link with copies.
     */
    boolean relayDue(Request r, long now, long intervalTicks) {
        RequestId id = RequestId.of(r);
        Known k = known.get(id);
        if (k == null || (k.relayedAt() != Long.MIN_VALUE && now - k.relayedAt() < intervalTicks)) {
            return false;
        }
        known.put(id, new Known(k.request(), k.sinceTick(), now)); // an existing key keeps its place
        return true;
    }

    /** Forgets an executed request; returns whether it was known (so its execution is progress). */
    boolean executed(Request r) {
        RequestId id = RequestId.of(r);
        queue.remove(id);
        if (known.remove(id) == null) {
            return false;
        }
        knownPerClient.merge(r.client(), -1, Integer::sum);
        return true;
    }

    boolean isEmpty() {
        return known.isEmpty();
    }

    /** The tick the oldest known request became known, or -1 if none is known. */
    long oldestSince() {
        return known.isEmpty() ? -1 : known.values().iterator().next().sinceTick();
    }

    /**
     * Whether some known request has been waiting since {@code tick} or before, not counting those
     * for which {@code done} holds (they are forgotten on the way).
     */
    boolean waitedAtLeast(long tick, Predicate<Request> done) {
        long since = oldestSince();
        if (since < 0 || since > tick) {
            return false;
        }
        purge(done);
        since = oldestSince();
        return since >= 0 && since <= tick;
    }

    /** Forgets requests for which {@code done} holds, e.g. ones executed through state transfer. */
    void purge(Predicate<Request> done) {
        for (Iterator<Known> it = known.values().iterator(); it.hasNext(); ) {
            Request r = it.next().request();
            if (done.test(r)) {
                it.remove();
                knownPerClient.merge(r.client(), -1, Integer::sum);
                queue.remove(RequestId.of(r));
            }
        }
    }

    /** Restarts every known request's timer at {@code now}, as a new view begins. */
    List<Request> restartAll(long now) {
        List<Request> all = new ArrayList<>();
        for (Map.Entry<RequestId, Known> e : known.entrySet()) {
            e.setValue(new Known(e.getValue().request(), now, e.getValue().relayedAt()));
            all.add(e.getValue().request());
        }
        return all;
    }

    // ---- the primary's queue ----

    void enqueue(Request r) {
        queue.putIfAbsent(RequestId.of(r), r);
    }

    boolean queueEmpty() {
        return queue.isEmpty();
    }

    int queued() {
        return queue.size();
    }

    void clearQueue() {
        queue.clear();
    }

    /**
     * Takes the next batch off the queue, oldest first: at most {@code requestsMax} requests and
     * {@code bytesMax} operation bytes (a single larger request still goes alone). Requests for which
     * {@code skip} holds are dropped from the queue on the way.
     */
    List<Request> cutBatch(int requestsMax, int bytesMax, Predicate<Request> skip) {
        List<Request> batch = new ArrayList<>();
        int bytes = 0;
        Iterator<Request> it = queue.values().iterator();
        while (it.hasNext() && batch.size() < requestsMax) {
            Request r = it.next();
            if (skip.test(r)) {
                it.remove();
                continue;
            }
            int size = r.operation().length();
            if (!batch.isEmpty() && bytes + size > bytesMax) {
                break;
            }
            batch.add(r);
            bytes += size;
            it.remove();
        }
        return batch;
    }
}
