package dev.pbft.protocol.codec;

import static dev.pbft.protocol.codec.WireReader.bytes;
import static dev.pbft.protocol.codec.WireReader.count;
import static dev.pbft.protocol.codec.WireReader.digest;
import static dev.pbft.protocol.codec.WireReader.nonNegativeLong;
import static dev.pbft.protocol.codec.WireReader.principal;
import static dev.pbft.protocol.codec.WireReader.signature;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.DigestPrePrepare;
import dev.pbft.protocol.message.Endorsement;
import dev.pbft.protocol.message.Attach;
import dev.pbft.protocol.message.BatchData;
import dev.pbft.protocol.message.BatchFetch;
import dev.pbft.protocol.message.NewView;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.StateRequest;
import dev.pbft.protocol.message.Status;
import dev.pbft.protocol.message.StatusQuery;
import dev.pbft.protocol.message.StatusReport;
import dev.pbft.protocol.message.ViewChange;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written Kryo serializers for every message. Kryo's generic serializers would allocate
 * arrays and collections at whatever size a peer claims; these read every length through
 * {@link WireReader}, which checks it against {@link WireLimits} and the bytes left.
 * Nested values are written without class ids: the enclosing type fixes what follows.
 */
final class MessageSerializers {
    private final WireLimits limits;

    MessageSerializers(WireLimits limits) {
        this.limits = limits;
    }

    /** Registers every message type with a fixed id; anything else is an unregistered class. */
    void registerAll(Kryo kryo) {
        kryo.register(Request.class, serializer(this::writeRequest, this::readRequest), 10);
        kryo.register(PrePrepare.class, serializer(this::writePrePrepare, this::readPrePrepare), 11);
        kryo.register(Prepare.class, serializer(this::writePrepare, this::readPrepare), 12);
        kryo.register(Commit.class, serializer(this::writeCommit, this::readCommit), 13);
        kryo.register(Reply.class, serializer(this::writeReply, this::readReply), 14);
        kryo.register(Checkpoint.class, serializer(this::writeCheckpoint, this::readCheckpoint), 15);
        kryo.register(ViewChange.class, serializer(this::writeViewChange, this::readViewChange), 16);
        kryo.register(NewView.class, serializer(this::writeNewView, this::readNewView), 17);
        kryo.register(StateRequest.class, serializer(this::writeStateRequest, this::readStateRequest), 18);
        kryo.register(StateChunk.class, serializer(this::writeStateChunk, this::readStateChunk), 19);
        kryo.register(Status.class, serializer(this::writeStatus, this::readStatus), 20);
        kryo.register(BatchFetch.class, serializer(this::writeBatchFetch, this::readBatchFetch), 21);
        kryo.register(BatchData.class, serializer(this::writeBatchData, this::readBatchData), 22);
        kryo.register(Endorsement.class, serializer(this::writeEndorsement, this::readEndorsement), 23);
        kryo.register(Attach.class, serializer(this::writeAttach, this::readAttach), 24);
        kryo.register(StatusQuery.class, serializer(this::writeStatusQuery, this::readStatusQuery), 25);
        kryo.register(StatusReport.class, serializer(this::writeStatusReport, this::readStatusReport), 26);
        kryo.register(DigestPrePrepare.class, serializer(this::writeDigestPrePrepare, this::readDigestPrePrepare), 27);
    }

    private interface Writer<T> {
        void write(Output out, T value);
    }

    private interface Reader<T> {
        T read(Input in);
    }

    private static <T> Serializer<T> serializer(Writer<T> writer, Reader<T> reader) {
        Serializer<T> s = new Serializer<>() {
            @Override
            public void write(Kryo kryo, Output output, T object) {
                writer.write(output, object);
            }

            @Override
            public T read(Kryo kryo, Input input, Class<? extends T> type) {
                return reader.read(input);
            }
        };
        s.setImmutable(true);
        return s;
    }

    private int replica(Input in) {
        return principal(in, limits.replicaCount(), "replica");
    }

    void writeRequest(Output out, Request r) {
        out.writeVarInt(r.client(), true);
        out.writeVarLong(r.timestamp(), true);
        WireWriter.bytes(out, r.operation());
        out.writeByte(r.flags());
        WireWriter.bytes(out, r.clientAuth());
    }

    Request readRequest(Input in) {
        int client = principal(in, limits.principalCount(), "client");
        long timestamp = nonNegativeLong(in, "timestamp");
        var operation = bytes(in, limits.requestBytesMax(), "operation");
        int flags = in.readByte();
        if ((flags & ~(Request.READ_ONLY | Request.REPLY_ALL)) != 0) {
            throw new WireReader.BoundException("request flags " + flags + " has unknown bits");
        }
        var auth = bytes(in, limits.replicaCount() * WireLimits.MAC_BYTES, "client authenticator");
        return new Request(client, timestamp, operation, (flags & Request.READ_ONLY) != 0,
                (flags & Request.REPLY_ALL) != 0, auth);
    }

    void writePrePrepare(Output out, PrePrepare p) {
        out.writeVarLong(p.view(), true);
        out.writeVarLong(p.seq(), true);
        WireWriter.bytes(out, p.digest());
        writeBatch(out, p.batch());
    }

    private void writeBatch(Output out, List<Request> batch) {
        out.writeVarInt(batch.size(), true);
        for (Request r : batch) {
            writeRequest(out, r);
        }
    }

    private List<Request> readBatch(Input in) {
        int size = count(in, limits.batchRequestsMax(), "batch");
        List<Request> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(readRequest(in));
        }
        return batch;
    }

    PrePrepare readPrePrepare(Input in) {
        long view = nonNegativeLong(in, "view");
        long seq = nonNegativeLong(in, "seq");
        var digest = digest(in);
        return new PrePrepare(view, seq, digest, readBatch(in));
    }

    private static final int WHOLE = 0;
    private static final int BY_DIGEST = 1;

    void writeDigestPrePrepare(Output out, DigestPrePrepare p) {
        out.writeVarLong(p.view(), true);
        out.writeVarLong(p.seq(), true);
        WireWriter.bytes(out, p.digest());
        out.writeVarInt(p.batch().size(), true);
        for (DigestPrePrepare.Entry e : p.batch()) {
            if (e instanceof DigestPrePrepare.Whole w) {
                out.writeByte(WHOLE);
                writeRequest(out, w.request());
            } else if (e instanceof DigestPrePrepare.ByDigest d) {
                out.writeByte(BY_DIGEST);
                out.writeVarInt(d.client(), true);
                out.writeVarLong(d.timestamp(), true);
                WireWriter.bytes(out, d.requestDigest());
            }
        }
    }

    DigestPrePrepare readDigestPrePrepare(Input in) {
        long view = nonNegativeLong(in, "view");
        long seq = nonNegativeLong(in, "seq");
        var digest = digest(in);
        int size = count(in, limits.batchRequestsMax(), "batch");
        List<DigestPrePrepare.Entry> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int tag = in.readByte();
            if (tag == WHOLE) {
                batch.add(new DigestPrePrepare.Whole(readRequest(in)));
            } else if (tag == BY_DIGEST) {
                int client = principal(in, limits.principalCount(), "client");
                long timestamp = nonNegativeLong(in, "timestamp");
                batch.add(new DigestPrePrepare.ByDigest(client, timestamp, digest(in)));
            } else {
                throw new WireReader.BoundException("batch entry kind " + tag + " is neither 0 (whole) nor 1 (by digest)");
            }
        }
        return new DigestPrePrepare(view, seq, digest, batch);
    }

    void writePrepare(Output out, Prepare p) {
        out.writeVarLong(p.view(), true);
        out.writeVarLong(p.seq(), true);
        WireWriter.bytes(out, p.digest());
        out.writeVarInt(p.replica(), true);
    }

    Prepare readPrepare(Input in) {
        long view = nonNegativeLong(in, "view");
        long seq = nonNegativeLong(in, "seq");
        var digest = digest(in);
        return new Prepare(view, seq, digest, replica(in));
    }

    void writeCommit(Output out, Commit c) {
        out.writeVarLong(c.view(), true);
        out.writeVarLong(c.seq(), true);
        WireWriter.bytes(out, c.digest());
        out.writeVarInt(c.replica(), true);
    }

    Commit readCommit(Input in) {
        long view = nonNegativeLong(in, "view");
        long seq = nonNegativeLong(in, "seq");
        var digest = digest(in);
        return new Commit(view, seq, digest, replica(in));
    }

    void writeReply(Output out, Reply r) {
        out.writeVarLong(r.view(), true);
        out.writeVarLong(r.timestamp(), true);
        out.writeVarInt(r.client(), true);
        out.writeVarInt(r.replica(), true);
        out.writeByte((r.resultDigest() ? Reply.RESULT_DIGEST : 0) | (r.read() ? Reply.READ : 0));
        WireWriter.bytes(out, r.result());
    }

    Reply readReply(Input in) {
        long view = nonNegativeLong(in, "view");
        long timestamp = nonNegativeLong(in, "timestamp");
        int client = principal(in, limits.principalCount(), "client");
        int replica = replica(in);
        int flags = in.readByte();
        if ((flags & ~(Reply.RESULT_DIGEST | Reply.READ)) != 0) {
            throw new WireReader.BoundException("reply flags " + flags + " has unknown bits");
        }
        boolean read = (flags & Reply.READ) != 0;
        if ((flags & Reply.RESULT_DIGEST) != 0) {
            return new Reply(view, timestamp, client, replica, digest(in), true, read);
        }
        return new Reply(view, timestamp, client, replica, bytes(in, limits.resultBytesMax(), "result"), false, read);
    }

    void writeCheckpoint(Output out, Checkpoint c) {
        out.writeVarLong(c.seq(), true);
        WireWriter.bytes(out, c.stateDigest());
        out.writeVarInt(c.replica(), true);
    }

    Checkpoint readCheckpoint(Input in) {
        long seq = nonNegativeLong(in, "seq");
        var digest = digest(in);
        return new Checkpoint(seq, digest, replica(in));
    }

    void writeViewChange(Output out, ViewChange v) {
        out.writeVarLong(v.newView(), true);
        out.writeVarLong(v.stableSeq(), true);
        out.writeVarInt(v.checkpoints().size(), true);
        for (ViewChange.CheckpointClaim c : v.checkpoints()) {
            out.writeVarLong(c.seq(), true);
            WireWriter.bytes(out, c.stateDigest());
        }
        writeEntries(out, v.prepared());
        writeEntries(out, v.prePrepared());
        out.writeVarInt(v.replica(), true);
        WireWriter.bytes(out, v.signature());
    }

    private void writeEntries(Output out, List<ViewChange.Entry> entries) {
        out.writeVarInt(entries.size(), true);
        for (ViewChange.Entry e : entries) {
            out.writeVarLong(e.seq(), true);
            WireWriter.bytes(out, e.digest());
            out.writeVarLong(e.view(), true);
        }
    }

    ViewChange readViewChange(Input in) {
        long newView = nonNegativeLong(in, "view");
        long stableSeq = nonNegativeLong(in, "seq");
        int claimCount = count(in, limits.windowSize() + 1, "checkpoint claims");
        List<ViewChange.CheckpointClaim> claims = new ArrayList<>(claimCount);
        for (int i = 0; i < claimCount; i++) {
            claims.add(new ViewChange.CheckpointClaim(nonNegativeLong(in, "seq"), digest(in)));
        }
        List<ViewChange.Entry> prepared = readEntries(in, limits.windowSize(), "prepared entries");
        List<ViewChange.Entry> prePrepared = readEntries(in, WireLimits.PRE_PREPARED_PER_SEQ_MAX * limits.windowSize(),
                "pre-prepared entries");
        return new ViewChange(newView, stableSeq, claims, prepared, prePrepared, replica(in), signature(in));
    }

    private List<ViewChange.Entry> readEntries(Input in, int max, String what) {
        int count = count(in, max, what);
        List<ViewChange.Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new ViewChange.Entry(nonNegativeLong(in, "seq"), digest(in), nonNegativeLong(in, "view")));
        }
        return entries;
    }

    void writeNewView(Output out, NewView v) {
        out.writeVarLong(v.view(), true);
        out.writeVarInt(v.viewChanges().size(), true);
        for (ViewChange vc : v.viewChanges()) {
            writeViewChange(out, vc);
        }
        out.writeVarLong(v.stableSeq(), true);
        WireWriter.bytes(out, v.stableDigest());
        out.writeVarInt(v.prePrepares().size(), true);
        for (PrePrepare p : v.prePrepares()) {
            writePrePrepare(out, p);
        }
        out.writeVarInt(v.replica(), true);
    }

    NewView readNewView(Input in) {
        long view = nonNegativeLong(in, "view");
        int vcCount = count(in, limits.replicaCount(), "view changes");
        List<ViewChange> viewChanges = new ArrayList<>(vcCount);
        for (int i = 0; i < vcCount; i++) {
            viewChanges.add(readViewChange(in));
        }
        long stableSeq = nonNegativeLong(in, "seq");
        var stableDigest = digest(in);
        int ppCount = count(in, limits.windowSize(), "pre-prepares");
        List<PrePrepare> prePrepares = new ArrayList<>(ppCount);
        for (int i = 0; i < ppCount; i++) {
            prePrepares.add(readPrePrepare(in));
        }
        return new NewView(view, viewChanges, stableSeq, stableDigest, prePrepares, replica(in));
    }

    void writeAttach(Output out, Attach a) {
        out.writeVarInt(a.client(), true);
        WireWriter.bytes(out, a.proof());
    }

    Attach readAttach(Input in) {
        int client = principal(in, limits.principalCount(), "client");
        return new Attach(client, digest(in)); // a MAC, as long as a digest
    }

    void writeStatusQuery(Output out, StatusQuery q) {
        out.writeVarInt(q.client(), true);
        out.writeLong(q.nonce());
    }

    StatusQuery readStatusQuery(Input in) {
        int client = principal(in, limits.principalCount(), "client");
        return new StatusQuery(client, in.readLong());
    }

    void writeStatusReport(Output out, StatusReport r) {
        out.writeVarInt(r.client(), true);
        out.writeLong(r.nonce());
        out.writeVarInt(r.replica(), true);
        out.writeVarLong(r.view(), true);
        out.writeBoolean(r.viewActive());
        out.writeVarInt(r.primary(), true);
        out.writeVarLong(r.lastExecuted(), true);
        out.writeVarLong(r.stableSeq(), true);
        WireWriter.bytes(out, r.stableDigest());
        out.writeVarInt(r.peersConnected(), true);
    }

    StatusReport readStatusReport(Input in) {
        int client = principal(in, limits.principalCount(), "client");
        long nonce = in.readLong();
        int replica = replica(in);
        long view = nonNegativeLong(in, "view");
        boolean active = in.readBoolean();
        int primary = replica(in);
        long lastExecuted = nonNegativeLong(in, "seq");
        long stableSeq = nonNegativeLong(in, "seq");
        var stableDigest = digest(in);
        int peers = in.readVarInt(true);
        if (peers < 0 || peers >= limits.replicaCount()) {
            throw new WireReader.BoundException("peers connected " + peers + " outside 0.." + (limits.replicaCount() - 1));
        }
        return new StatusReport(client, nonce, replica, view, active, primary, lastExecuted, stableSeq, stableDigest,
                peers);
    }

    void writeStatus(Output out, Status s) {
        out.writeVarLong(s.view(), true);
        out.writeBoolean(s.viewChanging());
        out.writeVarLong(s.stableSeq(), true);
        out.writeVarLong(s.lastExecuted(), true);
        out.writeVarInt(s.replica(), true);
    }

    Status readStatus(Input in) {
        long view = nonNegativeLong(in, "view");
        boolean changing = in.readBoolean();
        long stableSeq = nonNegativeLong(in, "seq");
        long lastExecuted = nonNegativeLong(in, "seq");
        return new Status(view, changing, stableSeq, lastExecuted, replica(in));
    }

    void writeEndorsement(Output out, Endorsement e) {
        out.writeVarInt(e.replica(), true);
        out.writeVarInt(e.requests().size(), true);
        for (Endorsement.Entry entry : e.requests()) {
            out.writeVarInt(entry.client(), true);
            out.writeVarLong(entry.timestamp(), true);
            WireWriter.bytes(out, entry.digest());
        }
    }

    Endorsement readEndorsement(Input in) {
        int replica = replica(in);
        int size = count(in, limits.batchRequestsMax(), "endorsement");
        List<Endorsement.Entry> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int client = principal(in, limits.principalCount(), "client");
            long timestamp = nonNegativeLong(in, "timestamp");
            entries.add(new Endorsement.Entry(client, timestamp, digest(in)));
        }
        return new Endorsement(replica, entries);
    }

    void writeBatchFetch(Output out, BatchFetch f) {
        out.writeVarLong(f.seq(), true);
        WireWriter.bytes(out, f.digest());
        out.writeVarInt(f.replica(), true);
    }

    BatchFetch readBatchFetch(Input in) {
        long seq = nonNegativeLong(in, "seq");
        var digest = digest(in);
        return new BatchFetch(seq, digest, replica(in));
    }

    void writeBatchData(Output out, BatchData b) {
        out.writeVarLong(b.seq(), true);
        WireWriter.bytes(out, b.digest());
        writeBatch(out, b.batch());
        out.writeVarInt(b.replica(), true);
    }

    BatchData readBatchData(Input in) {
        long seq = nonNegativeLong(in, "seq");
        var digest = digest(in);
        List<Request> batch = readBatch(in);
        return new BatchData(seq, digest, batch, replica(in));
    }

    void writeStateRequest(Output out, StateRequest r) {
        out.writeVarLong(r.seq(), true);
        WireWriter.bytes(out, r.root());
        out.writeVarInt(r.level(), true);
        out.writeVarInt(r.indexes().size(), true);
        r.indexes().forEach(i -> out.writeVarInt(i, true));
        out.writeVarLong(r.offset(), true);
        out.writeVarInt(r.replica(), true);
    }

    StateRequest readStateRequest(Input in) {
        long seq = nonNegativeLong(in, "seq");
        var root = digest(in);
        int level = stateLevel(in);
        int count = count(in, WireLimits.STATE_INDEXES_MAX, "state indexes");
        List<Integer> indexes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            indexes.add(stateIndex(in));
        }
        long offset = nonNegativeLong(in, "offset");
        return new StateRequest(seq, root, level, indexes, offset, replica(in));
    }

    void writeStateChunk(Output out, StateChunk c) {
        out.writeVarLong(c.seq(), true);
        WireWriter.bytes(out, c.root());
        out.writeVarInt(c.level(), true);
        out.writeVarInt(c.pieces().size(), true);
        for (StateChunk.Piece p : c.pieces()) {
            out.writeVarInt(p.index(), true);
            out.writeVarLong(p.offset(), true);
            out.writeVarLong(p.totalBytes(), true);
            WireWriter.bytes(out, p.data());
        }
        out.writeVarInt(c.replica(), true);
    }

    StateChunk readStateChunk(Input in) {
        long seq = nonNegativeLong(in, "seq");
        var root = digest(in);
        int level = stateLevel(in);
        int count = count(in, WireLimits.STATE_INDEXES_MAX, "state pieces");
        List<StateChunk.Piece> pieces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = stateIndex(in);
            long offset = nonNegativeLong(in, "offset");
            long total = nonNegativeLong(in, "total bytes");
            var data = bytes(in, limits.stateChunkBytesMax(), "state piece");
            if (total > WireLimits.STATE_PART_BYTES_MAX || offset + data.length() > total) {
                throw new WireReader.BoundException("state piece " + offset + "+" + data.length() + " of " + total
                        + " bytes is not inside 0.." + WireLimits.STATE_PART_BYTES_MAX);
            }
            pieces.add(new StateChunk.Piece(index, offset, total, data));
        }
        return new StateChunk(seq, root, level, pieces, replica(in));
    }

    private static int stateLevel(Input in) {
        int level = in.readVarInt(true);
        if (level < 0 || level > WireLimits.STATE_LEVELS_MAX) {
            throw new WireReader.BoundException("state tree level " + level + " outside 0.." + WireLimits.STATE_LEVELS_MAX);
        }
        return level;
    }

    private static int stateIndex(Input in) {
        int index = in.readVarInt(true);
        if (index < 0) {
            throw new WireReader.BoundException("state index " + index + " is negative");
        }
        return index;
    }
}
