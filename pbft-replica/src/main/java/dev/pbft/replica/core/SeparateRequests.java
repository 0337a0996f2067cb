package dev.pbft.replica.core;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.BatchData;
import dev.pbft.protocol.message.BatchFetch;
import dev.pbft.protocol.message.DigestPrePrepare;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Separate request transmission (OSDI'99 section 5.1, {@code request.separate.bytes.min}): clients
 * send large requests to every replica themselves, no replica relays them, and the primary's
 * PRE-PREPAREs name them by digest: with endorsements every backup has each request before the
 * primary may order it. With {@code request.relayed.digests} the primary also names by digest each
 * request it relayed to the backups itself, so no backup receives one request twice. A backup
 * rebuilds the whole PRE-PREPARE from the requests it holds; one that lacks a body (it came late,
 * was lost, or its client sent this replica another one) asks the primary for the batch and waits,
 * asking again every status period. Nothing is trusted that the whole PRE-PREPARE's checks would
 * not catch: a rebuilt or fetched batch must hash to the primary's batch digest.
 *
 * <p>Bounded: one waiting PRE-PREPARE per sequence number of the window, in the current view only,
 * and the bodies each lacks.
 * Part of {@link ReplicaCore}, on its thread.
 */
final class SeparateRequests {
    private final CoreSettings s;
    private final RequestIntake intake;
    private final Outbox out;
    private final CoreStats stats;
    private final MessageLog log;
    /** By sequence number, the PRE-PREPAREs whose batch this replica asked the primary for. */
    private final TreeMap<Long, DigestPrePrepare> waiting = new TreeMap<>();
    /** The requests a waiting PRE-PREPARE names and this replica lacks, with its sequence number. */
    private final Map<RequestId, Long> awaited = new HashMap<>();

    SeparateRequests(CoreSettings settings, RequestIntake intake, Outbox out, CoreStats stats, MessageLog log) {
        this.s = settings;
        this.log = log;
        this.intake = intake;
        this.out = out;
        this.stats = stats;
    }

    /**
     * What the primary sends the backups for its pre-prepare {@code pp}: it, or it with large
     * requests and those this replica relayed itself ({@code request.relayed.digests}) by digest.
     * Its relay left on each backup's connection ahead of {@code pp}, so a correct backup holds the body.
     */
    Message forBackups(PrePrepare pp) {
        if (s.separateBytesMin() == 0 && !s.relayedDigests()) {
            return pp;
        }
        List<DigestPrePrepare.Entry> batch = new ArrayList<>(pp.batch().size());
        boolean anyByDigest = false;
        for (Request r : pp.batch()) {
            if (!s.separates(r) && !(s.relayedDigests() && intake.sentToAllExactly(r))) {
                batch.add(new DigestPrePrepare.Whole(r));
                continue;
            }
            batch.add(new DigestPrePrepare.ByDigest(r.client(), r.timestamp(), r.digest()));
            anyByDigest = true;
        }
        return anyByDigest ? new DigestPrePrepare(pp.view(), pp.seq(), pp.digest(), batch) : pp;
    }

    /** The whole PRE-PREPARE of {@code d} from the requests this replica holds, or null if it lacks one. */
    PrePrepare rebuild(DigestPrePrepare d) {
        List<Request> batch = new ArrayList<>(d.batch().size());
        for (DigestPrePrepare.Entry e : d.batch()) {
            if (e instanceof DigestPrePrepare.Whole w) {
                batch.add(w.request());
            } else if (e instanceof DigestPrePrepare.ByDigest b) {
                RequestId id = idOf(b);
                Request r = intake.request(id);
                if (r == null || !b.requestDigest().equals(intake.digest(id))) {
                    return null;
                }
                batch.add(r);
            }
        }
        return new PrePrepare(d.view(), d.seq(), d.digest(), batch);
    }

    /** Waits for the batch of {@code d}, from the primary of its view, which sent it. */
    void await(DigestPrePrepare d, long lowWatermark) {
        waiting.headMap(lowWatermark, true).clear();
        if (settled(d.seq())) {
            return;
        }
        DigestPrePrepare before = waiting.get(d.seq());
        if (before != null && before.view() == d.view()) {
            return; // the first for (view, seq) stands, as for a whole one
        }
        waiting.put(d.seq(), d);
        for (DigestPrePrepare.Entry e : d.batch()) {
            if (e instanceof DigestPrePrepare.ByDigest b && !b.requestDigest().equals(intake.digest(idOf(b)))) {
                awaited.put(idOf(b), d.seq());
            }
        }
        stats.separateFetches++;
        fetch(d);
    }

    private void fetch(DigestPrePrepare d) {
        out.send(s.primary(d.view()), new BatchFetch(d.seq(), d.digest(), s.self()));
    }

    /**
     * The waiting PRE-PREPARE of {@code view} that {@code bd} completes, whole, or null. Whoever sent
     * the batch, it counts only if it hashes to the digest the primary named.
     */
    PrePrepare completedBy(BatchData bd, long view) {
        DigestPrePrepare d = waiting.get(bd.seq());
        if (d == null || d.view() != view || !d.digest().equals(bd.digest())
                || !BatchDigest.of(bd.batch()).equals(d.digest())) {
            return null;
        }
        waiting.remove(bd.seq());
        forgetStaleAwaited();
        return new PrePrepare(d.view(), d.seq(), d.digest(), bd.batch());
    }

    /**
     * Every status period: forgets what waits for another view or below the window, returns the
     * waiting PRE-PREPAREs that the requests now held complete, and asks the primary again for the
     * others' batches.
     */
    List<PrePrepare> retry(long view, long lowWatermark) {
        waiting.headMap(lowWatermark, true).clear();
        waiting.values().removeIf(d -> d.view() != view || settled(d.seq()));
        forgetStaleAwaited();
        List<PrePrepare> rebuilt = new ArrayList<>();
        for (DigestPrePrepare d : List.copyOf(waiting.values())) {
            PrePrepare whole = rebuild(d);
            if (whole != null) {
                waiting.remove(d.seq());
                rebuilt.add(whole);
            } else {
                fetch(d);
            }
        }
        return rebuilt;
    }

    /**
     * A request came: the waiting PRE-PREPARE of {@code view} that named it, whole, if the requests
     * now held complete it; else none. A PRE-PREPARE may overtake a body (a relay that the network
     * reordered, a client's own copy); the batch asked for meanwhile is then not waited for.
     */
    PrePrepare completedByBody(Request r, long view) {
        if (awaited.isEmpty()) {
            return null; // the normal case, on every request: no lookup
        }
        Long seq = awaited.remove(RequestId.of(r));
        DigestPrePrepare d = seq == null ? null : waiting.get(seq);
        if (d == null || d.view() != view || settled(d.seq())) {
            return null;
        }
        PrePrepare whole = rebuild(d);
        if (whole != null) {
            waiting.remove(d.seq());
        }
        return whole;
    }

    private void forgetStaleAwaited() {
        awaited.values().removeIf(seq -> !waiting.containsKey(seq));
    }

    private static RequestId idOf(DigestPrePrepare.ByDigest b) {
        return new RequestId(b.client(), b.timestamp());
    }

    /** Whether the slot has its PRE-PREPARE already (say, re-sent whole), or was decided without one. */
    private boolean settled(long seq) {
        Slot slot = log.existing(seq);
        return slot != null && (slot.prePrepare != null || slot.decided());
    }
}
