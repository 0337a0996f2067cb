package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.StateRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Answers other replicas' requests for this replica's state at one of its checkpoints still kept
 * (the stable one and those above it): tree nodes from a copy of the partition tree taken at the
 * checkpoint, partition bytes from the {@link CheckpointImages}. An answer carries at most
 * {@link #answerBytes} of data, so a faulty requester gets no more than it could get by asking
 * honestly, one frame at a time.
 */
final class StateServer {
    /** Node answers carry up to this much: 32 nodes' children. */
    static final int NODE_ANSWER_BYTES = 1 << 18;

    /**
     * Partition bytes per answer: a batch's worth (the config keeps frames a batch plus 64 KiB
     * large), at most 1 MiB. Fewer, larger answers: a transfer is a round trip per answer.
     */
    static int answerBytes(CoreSettings s) {
        return Math.max(1, Math.min(1 << 20, s.batchBytesMax()));
    }

    private final CoreSettings s;
    private final Outbox out;
    private final CoreStats stats;
    private final CheckpointImages images;
    private final TreeMap<Long, StateTree> trees = new TreeMap<>();

    StateServer(CoreSettings settings, Outbox out, CoreStats stats, CheckpointImages images) {
        this.s = settings;
        this.out = out;
        this.stats = stats;
        this.images = images;
    }

    /** Keeps {@code tree}, the partition tree at this replica's checkpoint {@code seq}, to serve from. */
    void recordTree(long seq, StateTree tree) {
        trees.tailMap(seq, true).clear();
        trees.put(seq, tree);
    }

    /** Trees below the stable checkpoint {@code seq} are no longer served. */
    void forgetBelow(long seq) {
        trees.headMap(seq, false).clear();
    }

    void serve(int from, StateRequest r) {
        StateTree tree = trees.get(r.seq());
        if (r.replica() != from) {
            stats.reject("state-request:wrong-sender");
        } else if (tree == null || !tree.root().equals(r.root())) {
            stats.reject("state-request:not-held");
        } else if (r.level() > tree.top()) {
            stats.reject("state-request:no-such-level");
        } else if (r.level() > 0) {
            serveNodes(tree, r);
        } else {
            servePartitions(tree, r);
        }
    }

    private void serveNodes(StateTree tree, StateRequest r) {
        List<StateChunk.Piece> pieces = new ArrayList<>();
        int bytes = 0;
        for (int index : r.indexes()) {
            if (index >= tree.width(r.level()) || bytes >= NODE_ANSWER_BYTES) {
                break;
            }
            byte[] children = tree.children(r.level(), index);
            pieces.add(new StateChunk.Piece(index, 0, children.length, Bytes.wrap(children)));
            bytes += children.length;
        }
        out.send(r.replica(), new StateChunk(r.seq(), r.root(), r.level(), pieces, s.self()));
    }

    private void servePartitions(StateTree tree, StateRequest r) {
        List<StateChunk.Piece> pieces = new ArrayList<>();
        int budget = answerBytes(s);
        long offset = r.offset();
        for (int index : r.indexes()) {
            if (index >= tree.partitions() || budget <= 0) {
                break;
            }
            byte[] whole;
            try {
                whole = images.read(r.seq(), index);
            } catch (RuntimeException e) {
                stats.reject("state-request:image-unreadable"); // a damaged image: the requester asks another
                return;
            }
            if (offset > whole.length) {
                break;
            }
            int length = (int) Math.min(budget, whole.length - offset);
            byte[] data = Arrays.copyOfRange(whole, (int) offset, (int) offset + length);
            pieces.add(new StateChunk.Piece(index, offset, whole.length, Bytes.wrap(data)));
            budget -= Math.max(1, length);
            offset = 0;
        }
        out.send(r.replica(), new StateChunk(r.seq(), r.root(), 0, pieces, s.self()));
    }
}
