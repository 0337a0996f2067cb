package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.StateRequest;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Fetching the state at a stable checkpoint this replica has not reached (section 4.3), and
 * answering other replicas' requests for its own. The state is asked for one chunk at a time from
 * one replica; the whole is checked against the checkpoint's digest, which came from 2f+1 CHECKPOINTs
 * or a verified NEW-VIEW, before anything uses it. A source that serves wrong bytes is counted and
 * another is asked.
 */
final class StateTransfer {
    /** Bytes per chunk: well inside the smallest frame a config allows. */
    static final int CHUNK_BYTES = 1 << 18;
    /**
     * Chunks accepted for one state: 1 GiB. The whole is checked only at the end, so until then a
     * faulty source can make this replica hold up to that much; checking each chunk as it arrives
     * (against a tree of chunk digests) is what removes that exposure.
     */
    private static final int CHUNKS_MAX = 1 << 12;

    private final CoreSettings s;
    private final Outbox out;
    private final CoreStats stats;
    private final Checkpoints checkpoints;
    private long seq = -1;
    private Bytes digest;
    private int source;
    private int nextChunk;
    private int chunkCount;
    private ByteArrayOutputStream received;
    private long askedAt;

    StateTransfer(CoreSettings settings, Outbox out, CoreStats stats, Checkpoints checkpoints) {
        this.s = settings;
        this.out = out;
        this.stats = stats;
        this.checkpoints = checkpoints;
        this.source = settings.self();
    }

    boolean active() {
        return seq >= 0;
    }

    /** Starts fetching the state at {@code wantedSeq} unless a fetch for it or a later one runs. */
    void want(long wantedSeq, Bytes wantedDigest, long now) {
        if (wantedSeq <= seq) {
            return;
        }
        seq = wantedSeq;
        digest = wantedDigest;
        restart(now);
    }

    /** Re-asks, from the next replica, if the current source has been silent for {@code patience} ticks. */
    void tick(long now, long patience) {
        if (active() && now - askedAt >= patience) {
            stats.timeout("state-source");
            restart(now);
        }
    }

    private void restart(long now) {
        source = nextSource(source);
        nextChunk = 0;
        chunkCount = 0;
        received = new ByteArrayOutputStream();
        ask(now);
    }

    private int nextSource(int current) {
        int next = (current + 1) % s.n();
        return next == s.self() ? (next + 1) % s.n() : next;
    }

    private void ask(long now) {
        askedAt = now;
        out.send(source, new StateRequest(seq, digest, nextChunk, s.self()));
    }

    /**
     * Takes a chunk; returns the whole state once every chunk is in and its digest checks, else
     * null. Chunks from anyone but the replica asked are ignored.
     */
    byte[] onChunk(int from, StateChunk c, long now) {
        if (!active() || from != source || c.seq() != seq || !c.stateDigest().equals(digest)
                || c.chunkIndex() != nextChunk || c.chunkCount() > CHUNKS_MAX
                || (nextChunk > 0 && c.chunkCount() != chunkCount)) {
            stats.reject("state-chunk:unexpected");
            return null;
        }
        chunkCount = c.chunkCount();
        received.writeBytes(c.data().backingArray());
        nextChunk++;
        if (nextChunk < chunkCount) {
            ask(now);
            return null;
        }
        byte[] state = received.toByteArray();
        if (!Execution.digest(state).equals(digest)) {
            stats.reject("state-chunk:digest-mismatch");
            restart(now);
            return null;
        }
        seq = -1;
        received = null;
        return state;
    }

    /** Forgets a fetch made pointless because this replica executed up to {@code executed} itself. */
    void caughtUp(long executed) {
        if (active() && executed >= seq) {
            seq = -1;
            received = null;
        }
    }

    /** Answers {@code r} with one chunk of this replica's own state at r's checkpoint, if it has it. */
    void serve(int from, StateRequest r) {
        byte[] state = checkpoints.ownState(r.seq());
        Bytes ownDigest = checkpoints.own(r.seq());
        if (r.replica() != from) {
            stats.reject("state-request:wrong-sender");
            return;
        }
        if (state == null || ownDigest == null || !ownDigest.equals(r.stateDigest())) {
            stats.reject("state-request:not-held");
            return;
        }
        int count = Math.max(1, (state.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        if (r.chunkIndex() >= count) {
            stats.reject("state-request:no-such-chunk");
            return;
        }
        int offset = r.chunkIndex() * CHUNK_BYTES;
        byte[] data = Arrays.copyOfRange(state, offset, Math.min(state.length, offset + CHUNK_BYTES));
        out.send(r.replica(), new StateChunk(r.seq(), r.stateDigest(), r.chunkIndex(), count, Bytes.wrap(data),
                s.self()));
    }
}
