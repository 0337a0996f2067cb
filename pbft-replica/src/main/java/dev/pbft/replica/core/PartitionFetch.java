package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.StateRequest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * The second half of a state transfer: fetching the partitions whose trusted digests the tree walk
 * found to differ. A transfer is a round trip per answer of at most {@link StateServer#answerBytes},
 * and under load a round trip is mostly the serving replica's queue, so {@link #STREAMS} asks are
 * out at once, each for its own run of partitions and each to its own replica: the transfer goes
 * about that many times faster and no single replica serves all of it. Each stream checks every
 * whole partition against its digest before writing it, so a faulty source is caught at its first
 * wrong partition and only that stream moves to another replica. Memory held: per stream, one
 * partition being assembled.
 */
final class PartitionFetch {
    /** Asks out at once. */
    static final int STREAMS = 4;

    /** One run of partitions fetched in order from one source. */
    private static final class Stream {
        int source;
        final List<Integer> indexes = new ArrayList<>();
        long offset;
        ByteArrayOutputStream partial;
        long partialTotal;
        long askedAt;

        void dropPartial() {
            partial = null;
            offset = 0;
        }
    }

    private final CoreSettings s;
    private final Outbox out;
    private final CoreStats stats;
    private final ReplicatedState state;
    private final IntUnaryOperator nextSource;
    /** Trusted digests of the partitions not yet written, assigned to a stream or not. */
    private final TreeMap<Integer, Bytes> need = new TreeMap<>();
    /** Of {@link #need}, the partitions no stream has taken yet. */
    private final TreeSet<Integer> unassigned = new TreeSet<>();
    private final List<Stream> streams = new ArrayList<>();
    private long seq;
    private Bytes root;

    PartitionFetch(CoreSettings settings, Outbox out, CoreStats stats, ReplicatedState state, IntUnaryOperator nextSource) {
        this.s = settings;
        this.out = out;
        this.stats = stats;
        this.state = state;
        this.nextSource = nextSource;
    }

    /** Forgets everything; {@link #add} and {@link #start} begin the next fetch. */
    void clear() {
        need.clear();
        unassigned.clear();
        streams.clear();
    }

    /** Adds a partition to fetch, with the digest its trusted parent node gave. */
    void add(int partition, Bytes digest) {
        need.put(partition, digest);
        unassigned.add(partition);
    }

    boolean done() {
        return need.isEmpty();
    }

    /** Starts the streams for checkpoint {@code seq} with root {@code root}, the first from {@code firstSource}. */
    void start(long seq, Bytes root, int firstSource, long now) {
        this.seq = seq;
        this.root = root;
        int source = firstSource;
        for (int i = 0; i < STREAMS && !unassigned.isEmpty(); i++) {
            Stream st = new Stream();
            st.source = source;
            source = nextSource.applyAsInt(source);
            streams.add(st);
            assign(st);
            ask(st, now);
        }
    }

    /** Gives an idle stream the next run: an even share of what is left, so the streams end together. */
    private void assign(Stream st) {
        int run = Math.max(1, Math.min(WireLimits.STATE_INDEXES_MAX, (unassigned.size() + STREAMS - 1) / STREAMS));
        while (st.indexes.size() < run && !unassigned.isEmpty()) {
            st.indexes.add(unassigned.pollFirst());
        }
    }

    private void ask(Stream st, long now) {
        st.askedAt = now;
        if (!st.indexes.isEmpty()) {
            List<Integer> asked = st.indexes.subList(0, Math.min(st.indexes.size(), WireLimits.STATE_INDEXES_MAX));
            out.send(st.source, new StateRequest(seq, root, 0, new ArrayList<>(asked), st.offset, s.self()));
        }
    }

    /** Re-asks, from another replica, on each stream whose source has been silent for {@code patience} ticks. */
    void tick(long now, long patience) {
        for (Stream st : streams) {
            if (!st.indexes.isEmpty() && now - st.askedAt >= patience) {
                stats.timeout("state-source");
                st.source = nextSource.applyAsInt(st.source);
                st.dropPartial();
                ask(st, now);
            }
        }
    }

    /**
     * Takes a partition answer from {@code from}; one that does not continue any stream's latest
     * ask to that replica (late, duplicated, unasked) is ignored without blame.
     */
    void onChunk(int from, StateChunk c, long now) {
        Stream st = streamAnswered(from, c);
        if (st == null) {
            stats.reject("state-chunk:stale");
            return;
        }
        if (!take(st, c)) {
            stats.stateSourceFaults++;
            st.source = nextSource.applyAsInt(st.source);
            st.dropPartial();
        }
        if (st.indexes.isEmpty()) {
            assign(st);
        }
        ask(st, now);
    }

    private Stream streamAnswered(int from, StateChunk c) {
        if (c.level() != 0) {
            return null; // a late answer to the tree walk
        }
        if (c.pieces().isEmpty()) {
            // An empty answer is wrong whatever was asked: blame the stream that asked this replica.
            return streams.stream().filter(st -> st.source == from && !st.indexes.isEmpty()).findFirst().orElse(null);
        }
        StateChunk.Piece first = c.pieces().get(0);
        for (Stream st : streams) {
            if (st.source == from && !st.indexes.isEmpty() && st.indexes.get(0) == first.index()
                    && st.offset == first.offset()) {
                return st;
            }
        }
        return null;
    }

    private boolean take(Stream st, StateChunk c) {
        if (c.pieces().isEmpty()) {
            stats.reject("state-chunk:empty");
            return false;
        }
        for (StateChunk.Piece p : c.pieces()) {
            if (st.indexes.isEmpty() || p.index() != st.indexes.get(0) || p.offset() != st.offset) {
                stats.reject("state-chunk:out-of-order");
                return false;
            }
            if (!append(st, p)) {
                return false;
            }
            if (st.offset < p.totalBytes()) {
                if (p.data().length() == 0) {
                    return false; // no progress: a faulty source could stall us here
                }
                continue;
            }
            byte[] bytes = st.partial.toByteArray();
            st.dropPartial();
            if (!install(p.index(), bytes)) {
                return false;
            }
            st.indexes.remove(0);
        }
        return true;
    }

    private boolean append(Stream st, StateChunk.Piece p) {
        if (st.partial == null) {
            st.partial = new ByteArrayOutputStream((int) Math.min(p.totalBytes(), StateServer.answerBytes(s)));
            st.partialTotal = p.totalBytes();
        } else if (p.totalBytes() != st.partialTotal) {
            stats.reject("state-chunk:length-changed");
            return false;
        }
        st.partial.writeBytes(p.data().backingArray());
        st.offset += p.data().length();
        return true;
    }

    private boolean install(int partition, byte[] bytes) {
        if (!StateTree.leafDigest(bytes).equals(need.get(partition))) {
            stats.reject("state-chunk:wrong-partition");
            return false;
        }
        try {
            state.write(partition, bytes);
        } catch (IllegalArgumentException e) {
            stats.reject("state-chunk:undecodable"); // 2f+1 vouched for bytes this replica cannot read
            return false;
        }
        stats.statePartitionsFetched++;
        need.remove(partition);
        return true;
    }
}
