package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Endorsement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which replicas vouch for which requests (see {@link Endorsement}). A request is endorsed once f+1
 * replicas found its client's MAC for them valid: at least one of them is correct, so the client
 * really sent it, and a replica that cannot check the MAC itself accepts it on their word. Only
 * endorsed requests are ordered and run a view-change timer, so a client whose authenticator checks
 * for the primary alone (or for all but the primary) cannot halt the group or depose a correct
 * primary.
 *
 * <p>Bounded: each replica has at most W (the client window) open endorsements per client; beyond
 * that a new one replaces the replica's endorsement of a later timestamp of that client, or is
 * refused, so a faulty replica fills only its own share and cannot crowd out older requests.
 */
final class Endorsements {
    private final int n;
    private final int needed;
    private final int perClientMax;
    private final Predicate<RequestId> done;
    /** Per client and timestamp, the digest each replica endorsed (index: replica), null where none. */
    private final Map<Integer, TreeMap<Long, Bytes[]>> tallies = new HashMap<>();
    /** Open endorsements per replica and client, keyed {@code replica * 2^32 + client}. */
    private final Map<Long, Integer> open = new HashMap<>();
    /**
     * Clients whose last purge found none of their open endorsements done. None can be until one of
     * their requests executes ({@link #forget}) or everything is purged: a replica that is behind
     * and gets endorsements above a client's share would otherwise scan the share at every one.
     */
    private final java.util.Set<Integer> nothingDone = new java.util.HashSet<>();
    /** This replica's own endorsements, sent at the end of the burst. */
    private final List<Endorsement.Entry> outgoing = new ArrayList<>();

    /**
     * @param done whether a request was executed or is too old to run: its endorsements close
     *             when a replica's share for its client is full (state transfer skips execution)
     */
    Endorsements(int n, int needed, int perClientMax, Predicate<RequestId> done) {
        this.n = n;
        this.needed = needed;
        this.perClientMax = perClientMax;
        this.done = done;
    }

    private Bytes[] tally(RequestId id) {
        TreeMap<Long, Bytes[]> ofClient = tallies.get(id.client());
        return ofClient == null ? null : ofClient.get(id.timestamp());
    }

    /**
     * Records that {@code replica} endorses request {@code id} with {@code digest}. A replica's
     * first endorsement of a request stands.
     *
     * @return false if {@code replica} already has W open endorsements for the client
     */
    boolean add(int replica, RequestId id, Bytes digest) {
        Bytes[] byReplica = tally(id);
        if (byReplica != null && byReplica[replica] != null) {
            return true;
        }
        if (byReplica == null && done.test(id)) {
            return true; // executed already (a late endorsement): nothing left to vouch for
        }
        long key = (long) replica << 32 | id.client();
        if (open.getOrDefault(key, 0) >= perClientMax) {
            purgeClient(id.client());
            if (open.getOrDefault(key, 0) >= perClientMax && !dropNewest(replica, id)) {
                return false;
            }
        }
        open.merge(key, 1, Integer::sum);
        byReplica = tallies.computeIfAbsent(id.client(), c -> new TreeMap<>())
                .computeIfAbsent(id.timestamp(), t -> new Bytes[n]);
        byReplica[replica] = digest;
        return true;
    }

    /**
     * Makes room for {@code replica}'s endorsement of {@code id} by dropping its endorsement of a
     * later timestamp of the same client, if it has one: a client's older requests must execute
     * first (its window), so a flood of newer ones, or junk far ahead, cannot crowd them out.
     */
    private boolean dropNewest(int replica, RequestId id) {
        TreeMap<Long, Bytes[]> ofClient = tallies.get(id.client());
        if (ofClient == null) {
            return false;
        }
        for (Map.Entry<Long, Bytes[]> e : ofClient.descendingMap().entrySet()) {
            if (e.getKey() <= id.timestamp()) {
                return false;
            }
            if (e.getValue()[replica] != null) {
                e.getValue()[replica] = null;
                open.merge((long) replica << 32 | id.client(), -1, Integer::sum);
                if (Arrays.stream(e.getValue()).allMatch(java.util.Objects::isNull)) {
                    ofClient.remove(e.getKey());
                }
                return true;
            }
        }
        return false;
    }

    private void purgeClient(int client) {
        TreeMap<Long, Bytes[]> ofClient = tallies.get(client);
        if (ofClient == null || nothingDone.contains(client)) {
            return;
        }
        List<Long> gone = new ArrayList<>();
        for (Long t : ofClient.keySet()) {
            if (done.test(new RequestId(client, t))) {
                gone.add(t);
            }
        }
        gone.forEach(t -> forget(new RequestId(client, t)));
        if (gone.isEmpty()) {
            nothingDone.add(client);
        }
    }

    /** Endorses a request this replica checked itself: recorded, and sent with the burst's others. */
    void own(int self, RequestId id, Bytes digest) {
        if (add(self, id, digest)) {
            outgoing.add(new Endorsement.Entry(id.client(), id.timestamp(), digest));
        }
    }

    /**
     * Sends this replica's endorsement of {@code id} again with the burst's others: a message that
     * carried it may have been lost, or a replica that restarted forgot it.
     */
    void resend(int self, RequestId id, Bytes digest) {
        Bytes[] byReplica = tally(id);
        if (byReplica != null && digest.equals(byReplica[self])) {
            outgoing.add(new Endorsement.Entry(id.client(), id.timestamp(), digest));
        }
    }

    /** Whether f+1 replicas endorse request {@code id} with {@code digest}. */
    boolean endorsed(RequestId id, Bytes digest) {
        Bytes[] byReplica = tally(id);
        if (byReplica == null) {
            return false;
        }
        int count = 0;
        for (Bytes d : byReplica) {
            if (digest.equals(d)) {
                count++;
            }
        }
        return count >= needed;
    }

    /** Takes this replica's endorsements of the burst, at most {@code max} per message. */
    List<Endorsement> drain(int self, int max) {
        if (outgoing.isEmpty()) {
            return List.of();
        }
        List<Endorsement> messages = new ArrayList<>();
        for (int from = 0; from < outgoing.size(); from += max) {
            messages.add(new Endorsement(self, outgoing.subList(from, Math.min(outgoing.size(), from + max))));
        }
        outgoing.clear();
        return messages;
    }

    /** Forgets request {@code id} (executed, or too old to run): its endorsements close. */
    void forget(RequestId id) {
        nothingDone.remove(id.client());
        TreeMap<Long, Bytes[]> ofClient = tallies.get(id.client());
        Bytes[] byReplica = ofClient == null ? null : ofClient.remove(id.timestamp());
        if (byReplica == null) {
            return;
        }
        if (ofClient.isEmpty()) {
            tallies.remove(id.client());
        }
        for (int r = 0; r < n; r++) {
            if (byReplica[r] != null) {
                open.merge((long) r << 32 | id.client(), -1, Integer::sum);
            }
        }
    }

    /** Forgets every request that is done. */
    void purge() {
        nothingDone.clear();
        for (Integer client : List.copyOf(tallies.keySet())) {
            purgeClient(client);
        }
    }
}
