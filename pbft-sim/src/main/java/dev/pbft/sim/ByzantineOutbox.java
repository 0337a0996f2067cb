package dev.pbft.sim;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.BatchData;
import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.DigestPrePrepare;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.NewView;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.ViewChange;
import dev.pbft.replica.core.CertificateSigner;
import dev.pbft.replica.core.Outbox;
import dev.pbft.replica.core.ReplicaCore;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outbox of a Byzantine replica: a decorator between a real {@link ReplicaCore} and the
 * virtual network that drops, delays, alters, duplicates or equivocates according to one
 * {@link Behaviour}, and a filter on what the replica receives. The core itself stays correct code;
 * everything it sends is well formed (digests recomputed, view changes re-signed with the
 * replica's own key), because in the simulator nothing but the core's own checks stands between a
 * faulty replica and the others.
 *
 * <p>A faulty replica's hooks (executed, checkpoints) are not forwarded: checkers ignore it.
 */
final class ByzantineOutbox implements Outbox {
    /** Where the decorated replica's messages go (the virtual network, or a real one), with an extra delay. */
    interface Wire {
        void send(int from, int to, Message message, long extraDelayTicks);
    }

    /**
     * What a faulty replica knows of its group.
     *
     * @param n                  replicas
     * @param windowSize         the log window, L
     * @param checkpointInterval K
     * @param clients            client principals, numbered from n
     */
    record Group(int n, int windowSize, int checkpointInterval, int clients) {
        static Group of(SimOptions o) {
            return new Group(o.n(), o.windowSize(), o.checkpointInterval(), o.clients());
        }
    }

    private final int self;
    private final Behaviour behaviour;
    private final Group o;
    private final long requestTimeoutTicks;
    private final Random random;
    private final Wire wire;
    private final Tampering tampering;
    /** Receivers of the true PRE-PREPARE or vote (equivocation, partial pre-prepares, conflicting votes). */
    private final Set<Integer> favoured = new TreeSet<>();
    private final int ignoredClient;
    /** ORDERS_TWICE: the altered pre-prepare per sequence number, so re-sends stay consistent. */
    private final Map<Long, PrePrepare> twice = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PrePrepare> eldest) {
            return size() > 64;
        }
    };
    /** EQUIVOCATES: the other digest told to unfavoured backups, per "view/seq". */
    private final Map<String, Bytes> otherDigests = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bytes> eldest) {
            return size() > 256;
        }
    };
    /** Requests received, by "client/timestamp", to make whole the PRE-PREPAREs the core sends by digest. */
    private final Map<String, Request> received = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Request> eldest) {
            return size() > 4096;
        }
    };
    private final ArrayDeque<Sent> history = new ArrayDeque<>();
    private List<Request> previousBatch = List.of();
    private ReplicaCore core;

    private record Sent(int to, Message message) {
    }

    ByzantineOutbox(int self, Behaviour behaviour, Group o, long requestTimeoutTicks, Random random, Wire wire,
                    CertificateSigner ownSigner) {
        this.self = self;
        this.behaviour = behaviour;
        this.o = o;
        this.requestTimeoutTicks = requestTimeoutTicks;
        this.random = random;
        this.wire = wire;
        this.tampering = new Tampering(random, ownSigner, o.checkpointInterval());
        // At least one other replica is favoured and at least one is not, so the split really splits.
        List<Integer> others = new java.util.ArrayList<>();
        for (int r = 0; r < o.n(); r++) {
            if (r != self) {
                others.add(r);
            }
        }
        java.util.Collections.shuffle(others, random);
        favoured.addAll(others.subList(0, 1 + random.nextInt(others.size() - 1)));
        this.ignoredClient = o.n() + random.nextInt(o.clients());
    }

    /** The core this outbox belongs to, read for its view and window when junk is made. */
    void attach(ReplicaCore core) {
        this.core = core;
    }

    /** The receive filter: whether the faulty replica gets to see {@code m} at all. */
    boolean admits(int from, Message m) {
        tampering.observe(m);
        if (m instanceof Request r) {
            received.put(r.client() + "/" + r.timestamp(), r);
        }
        return !(behaviour == Behaviour.IGNORES_ONE_CLIENT && m instanceof Request r && r.client() == ignoredClient);
    }

    @Override
    public void send(int to, Message message) {
        deliver(to, message);
    }

    @Override
    public void multicast(int[] to, Message message) {
        for (int t : to) {
            deliver(t, message);
        }
    }

    private void deliver(int to, Message m) {
        switch (behaviour) {
            case SILENT -> {
                return;
            }
            case EQUIVOCATES -> m = favoured.contains(to) ? m : equivocate(whole(m));
            case ORDERS_TWICE -> m = whole(m) instanceof PrePrepare pp ? orderTwice(pp) : m;
            case PRE_PREPARES_TO_SOME -> {
                if (isPrePrepare(m) && !favoured.contains(to)) {
                    return;
                }
            }
            case SLOW_PRIMARY -> {
                if (isPrePrepare(m)) {
                    wire.send(self, to, m, requestTimeoutTicks - 10 - random.nextInt(40));
                    return;
                }
            }
            case SEQ_OUTSIDE_WINDOW -> m = whole(m) instanceof PrePrepare pp
                    ? new PrePrepare(pp.view(), pp.seq() + o.windowSize() * (1L + random.nextInt(3)), pp.digest(), pp.batch())
                    : m;
            case WRONG_NEW_VIEW -> m = m instanceof NewView nv ? tampering.wrongO(nv) : m;
            case CONFLICTING_VOTES -> m = favoured.contains(to) ? m : tampering.wrongVote(m);
            case WRONG_DIGEST_VOTES -> m = tampering.wrongVote(m);
            case WRONG_CHECKPOINT -> m = m instanceof Checkpoint c
                    ? new Checkpoint(c.seq(), tampering.fakeDigest(), c.replica()) : m;
            case FORGED_VIEW_CHANGE -> m = m instanceof ViewChange vc ? tampering.forged(vc) : m;
            case BAD_SIGNATURE_VIEW_CHANGE -> m = m instanceof ViewChange vc ? tampering.badSignature(vc) : m;
            case FLOODS_COMMITS -> flood(to);
            case WRONG_REPLIES -> m = m instanceof Reply r ? new Reply(r.view(), r.timestamp(), r.client(), r.replica(),
                    r.resultDigest() ? tampering.fakeDigest() : tampering.otherResult(r.result()), r.resultDigest(),
                    r.read()) : m;
            case WITHHOLDS_REPLIES -> {
                if (m instanceof Reply) {
                    return;
                }
            }
            case REPLAYS -> replay(to, m);
            case WRONG_FETCH_ANSWERS -> m = tampering.wrongAnswer(m);
            case DROPS_RELAYS -> {
                if (m instanceof Request && to < o.n()) {
                    return;
                }
            }
            case HIDES_BODIES -> {
                if ((m instanceof Request || m instanceof BatchData) && to < o.n()) {
                    return;
                }
            }
            case IGNORES_ONE_CLIENT, TWINS -> {
            }
        }
        wire.send(self, to, m, 0);
    }

    private static boolean isPrePrepare(Message m) {
        return m instanceof PrePrepare || m instanceof DigestPrePrepare;
    }

    /**
     * {@code m}, or the whole PRE-PREPARE of a {@link DigestPrePrepare} made from the requests this
     * replica received, so the behaviours that alter batches alter those sent by digest too.
     */
    private Message whole(Message m) {
        if (!(m instanceof DigestPrePrepare d)) {
            return m;
        }
        List<Request> batch = new java.util.ArrayList<>();
        for (DigestPrePrepare.Entry e : d.batch()) {
            Request r = e instanceof DigestPrePrepare.Whole w ? w.request()
                    : e instanceof DigestPrePrepare.ByDigest b ? received.get(b.client() + "/" + b.timestamp()) : null;
            if (r == null) {
                return m;
            }
            batch.add(r);
        }
        return new PrePrepare(d.view(), d.seq(), d.digest(), batch);
    }

    /**
     * What an unfavoured backup gets: another valid batch for the (v, seq), and this replica's own
     * votes for that (v, seq) switched to the other batch's digest, so each side sees a primary
     * that stands by what it told that side.
     */
    private Message equivocate(Message m) {
        if (m instanceof PrePrepare pp) {
            PrePrepare other = tampering.otherBatch(pp);
            otherDigests.put(pp.view() + "/" + pp.seq(), other.digest());
            return other;
        }
        if (m instanceof Commit c && otherDigests.containsKey(c.view() + "/" + c.seq())) {
            return new Commit(c.view(), c.seq(), otherDigests.get(c.view() + "/" + c.seq()), c.replica());
        }
        if (m instanceof Prepare p && otherDigests.containsKey(p.view() + "/" + p.seq())) {
            return new Prepare(p.view(), p.seq(), otherDigests.get(p.view() + "/" + p.seq()), p.replica());
        }
        return m;
    }

    private PrePrepare orderTwice(PrePrepare pp) {
        PrePrepare altered = twice.get(pp.seq());
        if (altered == null || altered.view() != pp.view()) {
            altered = tampering.withRequestsOf(pp, previousBatch);
            twice.put(pp.seq(), altered);
            if (!pp.batch().isEmpty()) {
                previousBatch = pp.batch();
            }
        }
        return altered;
    }

    /** Junk COMMITs just above and far above the receiver's window, with made-up digests. */
    private void flood(int to) {
        if (to >= o.n() || core == null) {
            return;
        }
        for (int i = 0; i < 2; i++) {
            long seq = core.lowWaterMark() + o.windowSize() + 1 + random.nextInt(3 * o.windowSize());
            wire.send(self, to, new Commit(core.view() + random.nextInt(2), seq, tampering.fakeDigest(), self), 0);
        }
    }

    /** Sends {@code m} once more, and now and then an old message again. */
    private void replay(int to, Message m) {
        wire.send(self, to, m, random.nextInt(50));
        if (!history.isEmpty() && random.nextInt(4) == 0) {
            Sent old = history.stream().skip(random.nextInt(history.size())).findFirst().orElseThrow();
            wire.send(self, old.to(), old.message(), 0);
        }
        history.addLast(new Sent(to, m));
        if (history.size() > 64) {
            history.removeFirst();
        }
    }

    @Override
    public String toString() {
        return "replica " + self + " " + behaviour + " (favoured " + favoured + ", ignored client " + ignoredClient + ")";
    }
}
