package dev.pbft.replica.core;

import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests a replica knows of and has not executed, oldest first, each with the tick it became
 * known (the view-change timer of section 4.4 runs on the oldest), and the primary's queue of
 * requests not yet in a batch. Bounded: at most W (the client window) known requests per client.
 */
final class RequestIntake {
    private record Known(Request request, long sinceTick) {
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
        known.put(id, new Known(r, now));
        knownPerClient.merge(r.client(), 1, Integer::sum);
        return true;
    }

    boolean isKnown(RequestId id) {
        return known.containsKey(id);
    }

    /** Forgets an executed request. */
    void executed(Request r) {
        RequestId id = RequestId.of(r);
        queue.remove(id);
        if (known.remove(id) != null) {
            knownPerClient.merge(r.client(), -1, Integer::sum);
        }
    }

    boolean isEmpty() {
        return known.isEmpty();
    }

    /** The tick the oldest known request became known, or -1 if none is known. */
    long oldestSince() {
        return known.isEmpty() ? -1 : known.values().iterator().next().sinceTick();
    }

    /** Forgets requests for which {@code done} holds, e.g. ones executed through state transfer. */
    void purge(java.util.function.Predicate<Request> done) {
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
            e.setValue(new Known(e.getValue().request(), now));
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

    /** The queue's requests, oldest first, for cutting a batch; removing through it dequeues. */
    Iterator<Request> queueIterator() {
        return queue.values().iterator();
    }
}
