package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.RequestDigest;
import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The requests a replica knows of and has not executed, and the primary's queue of requests not yet
 * in a batch. A known request runs the view-change timer of section 4.4 only once it is endorsed
 * (see {@link Endorsements}) or seen ordered; the timer runs on the oldest timed request. Bounded:
 * at most W (the client window) known requests per client, the oldest it sent.
 */
final class RequestIntake {
    /**
     * A known request: its digest, whether this replica checked its client MAC itself, since when,
     * when this replica last passed it on (or MIN_VALUE), and whether it ever sent it to every other
     * replica.
     */
    private record Known(Request request, boolean checked, long sinceTick, long relayedAt, boolean sentToAll) {
        Known relayed(long now) {
            return new Known(request, checked, sinceTick, now, sentToAll);
        }

        Known toAll() {
            return new Known(request, checked, sinceTick, relayedAt, true);
        }
    }

    private final int perClientMax;
    private final LinkedHashMap<RequestId, Known> known = new LinkedHashMap<>();
    /** Per client, the timestamps of its known requests. */
    private final Map<Integer, TreeSet<Long>> knownPerClient = new HashMap<>();
    /** Known requests whose timer runs, with the tick it started, oldest first. */
    private final LinkedHashMap<RequestId, Long> timed = new LinkedHashMap<>();
    /** Timed requests no PRE-PREPARE has carried yet, with the tick their timer started: the primary's pace. */
    private final LinkedHashMap<RequestId, Long> unproposed = new LinkedHashMap<>();
    private final LinkedHashMap<RequestId, Request> queue = new LinkedHashMap<>();
    /** Per client, the tick a PRE-PREPARE last carried one of its requests. */
    private final Map<Integer, Long> servedAt = new HashMap<>();

    RequestIntake(int perClientMax) {
        this.perClientMax = perClientMax;
    }

    /**
     * Notes {@code r} as known, its timer not yet running. A request already known under its
     * (client, timestamp) stays as it was. A client with W known requests already gets {@code r} in
     * only if one of them whose timer does not run yet (none endorsed it) gives way:
     * <ul>
     *   <li>any of them, the newest first, if f+1 replicas endorse {@code r}: it is to be ordered, and
     *   a primary without room for it would be deposed by the backups' pace timers, though only the
     *   client sent the replicas different requests;</li>
     *   <li>else a later one: a client's requests execute oldest first, so correct replicas converge
     *   on the oldest they heard of however a flood interleaved with their executions.</li>
     * </ul>
     *
     * @param checked  whether this replica checked the client's MAC itself (or f+1 replicas vouch)
     * @param endorsed whether f+1 replicas endorse {@code r}; asked only when the client has no room
     * @return false if the client has no room for {@code r}
     */
    boolean know(Request r, long now, boolean checked, Predicate<Request> endorsed) {
        RequestId id = RequestId.of(r);
        if (known.containsKey(id)) {
            return true;
        }
        TreeSet<Long> ofClient = knownPerClient.computeIfAbsent(r.client(), c -> new TreeSet<>());
        if (ofClient.size() >= perClientMax
                && !giveWay(r.client(), ofClient, endorsed.test(r) ? Long.MIN_VALUE : r.timestamp())) {
            return false;
        }
        known.put(id, new Known(r, checked, now, Long.MIN_VALUE, false));
        ofClient.add(r.timestamp());
        return true;
    }

    /** Forgets the client's newest known request later than {@code after} whose timer does not run. */
    private boolean giveWay(int client, TreeSet<Long> ofClient, long after) {
        for (Long t : ofClient.descendingSet().headSet(after, false)) {
            RequestId newer = new RequestId(client, t);
            if (!timed.containsKey(newer)) {
                known.remove(newer);
                queue.remove(newer);
                ofClient.remove(t);
                return true;
            }
        }
        return false;
    }

    /** Whether a request is known under {@code id}. */
    boolean knows(RequestId id) {
        return known.containsKey(id);
    }

    /** The known request under {@code id}, or null. */
    Request request(RequestId id) {
        Known k = known.get(id);
        return k == null ? null : k.request();
    }

    /**
     * {@code batch} with every request known here with identical content (authenticator included)
     * replaced by the known instance, or {@code batch} itself if none is. A backup receives each
     * request twice, relayed and then inside the PRE-PREPARE; the known instance has its digest
     * computed already, and comparing bytes costs far less than hashing them again.
     */
    List<Request> interned(List<Request> batch) {
        List<Request> out = null;
        for (int i = 0; i < batch.size(); i++) {
            Request r = batch.get(i);
            Request held = request(RequestId.of(r));
            if (held != null && held != r && held.equals(r)) {
                if (out == null) {
                    out = new ArrayList<>(batch);
                }
                out.set(i, held);
            }
        }
        return out == null ? batch : out;
    }

    /** The {@code RequestDigest} of the known request under {@code id}, or null. */
    Bytes digest(RequestId id) {
        Known k = known.get(id);
        return k == null ? null : k.request().digest();
    }

    /** Notes that this replica sent known request {@code r} to every other replica. */
    void sentToAll(Request r) {
        RequestId id = RequestId.of(r);
        Known k = known.get(id);
        if (k != null && k.request().digest().equals(r.digest())) {
            known.put(id, k.toAll()); // an existing key keeps its place
        }
    }

    /** Whether this replica sent every other replica a request with {@code r}'s digest. */
    boolean sentToAllExactly(Request r) {
        Known k = known.get(RequestId.of(r));
        return k != null && k.sentToAll() && k.request().digest().equals(r.digest());
    }

    /** Whether {@code r} is known with exactly this content, checked by this replica. */
    boolean checkedExactly(Request r) {
        Known k = known.get(RequestId.of(r));
        return k != null && k.checked() && k.request().flags() == r.flags()
                && k.request().operation().equals(r.operation());
    }

    /** Starts the timer of known request {@code id} at {@code now}, unless it runs already. */
    void time(RequestId id, long now) {
        if (known.containsKey(id) && timed.putIfAbsent(id, now) == null) {
            unproposed.put(id, now);
        }
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
        known.put(id, k.relayed(now)); // an existing key keeps its place
        return true;
    }

    /**
     * Known requests this replica checked, neither ordered nor passed on for {@code intervalTicks};
     * each is marked passed on now. A replica missed the client's copy, or refused it while it
     * lagged, or lost an endorsement, or the client sent it to the backups alone: passing it on
     * with this replica's endorsement settles each without waiting for the client to send again.
     * At most W per client, once per interval.
     */
    List<Request> passOnDue(long now, long intervalTicks, Predicate<RequestId> ordered) {
        List<Request> due = new ArrayList<>();
        for (Map.Entry<RequestId, Known> e : known.entrySet()) {
            Known k = e.getValue();
            if (k.checked() && now - Math.max(k.sinceTick(), k.relayedAt()) >= intervalTicks
                    && !ordered.test(e.getKey())) {
                e.setValue(k.relayed(now));
                due.add(k.request());
            }
        }
        return due;
    }

    /** Forgets an executed request; returns whether it was known (so its execution is progress). */
    boolean executed(Request r) {
        RequestId id = RequestId.of(r);
        queue.remove(id);
        timed.remove(id);
        unproposed.remove(id);
        if (known.remove(id) == null) {
            return false;
        }
        forgetTimestamp(r);
        return true;
    }

    private void forgetTimestamp(Request r) {
        TreeSet<Long> ofClient = knownPerClient.get(r.client());
        if (ofClient != null && ofClient.remove(r.timestamp()) && ofClient.isEmpty()) {
            knownPerClient.remove(r.client());
            servedAt.remove(r.client()); // bounded by the clients with requests known
        }
    }

    /** Whether no request's timer runs: none is endorsed and waiting to execute. */
    boolean isEmpty() {
        return timed.isEmpty();
    }

    /** A PRE-PREPARE of the current view carried request {@code id}, seen at tick {@code now}. */
    void proposed(RequestId id, long now) {
        unproposed.remove(id);
        if (known.containsKey(id)) { // unproposed holds known requests only
            servedAt.merge(id.client(), now, Math::max);
        }
    }

    /**
     * How long the primary has left some client waiting: over the clients with an endorsed request
     * no PRE-PREPARE has carried, the earliest tick since which that client's oldest such request
     * waited and none of its requests was proposed; -1 if none waits. A client whose requests the
     * primary proposes a share at a time (a fair primary, a client with many requests) is being
     * served, and holds no pace timer; one the primary leaves out is not.
     */
    long oldestUnproposedSince() {
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<RequestId, Long> e : unproposed.entrySet()) {
            long since = e.getValue();
            if (since >= oldest) {
                break; // oldest first: no later entry waits longer
            }
            oldest = Math.min(oldest, Math.max(since, servedAt.getOrDefault(e.getKey().client(), Long.MIN_VALUE)));
        }
        return oldest == Long.MAX_VALUE ? -1 : oldest;
    }

    /** The tick the oldest running timer started, or -1 if none runs. */
    long oldestSince() {
        return timed.isEmpty() ? -1 : timed.values().iterator().next();
    }

    /**
     * Whether some timed request has been waiting since {@code tick} or before, not counting those
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
                forgetTimestamp(r);
                queue.remove(RequestId.of(r));
                timed.remove(RequestId.of(r));
                unproposed.remove(RequestId.of(r));
            }
        }
    }

    /** Restarts every running timer at {@code now}, as a new view begins; returns every known request. */
    List<Request> restartAll(long now) {
        servedAt.clear();
        timed.replaceAll((id, since) -> now);
        unproposed.replaceAll((id, since) -> now);
        List<Request> all = new ArrayList<>();
        for (Known k : known.values()) {
            all.add(k.request());
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
     * {@code bytesMax} operation bytes (a single larger request still goes alone). Each client queued
     * gets an equal share of both (at least one request), so one client with a full window of
     * requests, or of large ones, delays the others' by one batch at most; what exceeds its share
     * waits, in order, for the next batch (the backups' pace timer counts such a client as served,
     * see {@link #oldestUnproposedSince}). Requests for which {@code skip} holds are dropped from the
     * queue on the way.
     */
    List<Request> cutBatch(int requestsMax, int bytesMax, Predicate<Request> skip) {
        queue.values().removeIf(skip);
        Map<Integer, int[]> taken = new HashMap<>(); // per client: requests, bytes
        for (Request r : queue.values()) {
            taken.putIfAbsent(r.client(), new int[2]);
        }
        int clients = Math.max(1, taken.size());
        int requestsShare = Math.max(1, requestsMax / clients);
        int bytesShare = bytesMax / clients;
        List<Request> batch = new ArrayList<>();
        int bytes = 0;
        Iterator<Request> it = queue.values().iterator();
        while (it.hasNext() && batch.size() < requestsMax) {
            Request r = it.next();
            int size = r.operation().length();
            int[] ofClient = taken.get(r.client());
            if (!batch.isEmpty() && bytes + size > bytesMax) {
                break;
            }
            if (ofClient[0] > 0 && (ofClient[0] >= requestsShare || ofClient[1] + size > bytesShare)) {
                ofClient[0] = Integer.MAX_VALUE; // over its share: the rest of its requests, in order, next batch
                continue;
            }
            batch.add(r);
            bytes += size;
            ofClient[0]++;
            ofClient[1] += size;
            it.remove();
        }
        return batch;
    }

}
