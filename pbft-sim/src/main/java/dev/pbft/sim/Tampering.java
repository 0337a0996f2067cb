package dev.pbft.sim;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.Statements;
import dev.pbft.protocol.message.BatchData;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.NewView;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.ViewChange;
import dev.pbft.replica.core.CertificateSigner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Well-formed lies: altered messages a faulty replica can really produce. Batches only ever hold
 * requests with their clients' genuine authenticators (a faulty replica cannot forge those), with
 * the batch digest recomputed; VIEW-CHANGEs are re-signed with the faulty replica's own key, so
 * only the lie itself, not its form, gives them away.
 */
final class Tampering {
    private final java.util.Random random;
    private final CertificateSigner ownSigner;
    private final int checkpointInterval;
    /** Genuine requests this replica has seen, to put into batches it makes up. */
    private final ArrayDeque<Request> seen = new ArrayDeque<>();

    Tampering(java.util.Random random, CertificateSigner ownSigner, int checkpointInterval) {
        this.random = random;
        this.ownSigner = ownSigner;
        this.checkpointInterval = checkpointInterval;
    }

    /** Remembers genuine requests among what the faulty replica receives. */
    void observe(Message m) {
        if (m instanceof Request r && !r.readOnly()) {
            seen.addLast(r);
        } else if (m instanceof PrePrepare pp) {
            seen.addAll(pp.batch());
        }
        while (seen.size() > 8) {
            seen.removeFirst();
        }
    }

    Bytes fakeDigest() {
        byte[] d = new byte[32];
        random.nextBytes(d);
        return Bytes.wrap(d);
    }

    /** A different valid batch for the same (v, seq): the last request dropped, or a seen one added to a null batch. */
    PrePrepare otherBatch(PrePrepare pp) {
        List<Request> batch = new ArrayList<>(pp.batch());
        if (!batch.isEmpty()) {
            batch.remove(batch.size() - 1);
        } else if (!seen.isEmpty()) {
            batch.add(seen.peekLast());
        } else {
            return pp;
        }
        return new PrePrepare(pp.view(), pp.seq(), BatchDigest.of(batch), batch);
    }

    /** {@code pp} with the first request of {@code earlier} (already given a sequence number) added. */
    PrePrepare withRequestsOf(PrePrepare pp, List<Request> earlier) {
        if (earlier.isEmpty() || pp.batch().contains(earlier.get(0))) {
            return pp;
        }
        List<Request> batch = new ArrayList<>(pp.batch());
        batch.add(earlier.get(0));
        return new PrePrepare(pp.view(), pp.seq(), BatchDigest.of(batch), batch);
    }

    /** A PREPARE or COMMIT naming a made-up digest; other messages unchanged. */
    Message wrongVote(Message m) {
        if (m instanceof Prepare p) {
            return new Prepare(p.view(), p.seq(), fakeDigest(), p.replica());
        }
        if (m instanceof Commit c) {
            return new Commit(c.view(), c.seq(), fakeDigest(), c.replica());
        }
        return m;
    }

    /** NEW-VIEW with one pre-prepare of O replaced by another valid batch; V and the checkpoint kept. */
    NewView wrongO(NewView nv) {
        List<PrePrepare> o = new ArrayList<>(nv.prePrepares());
        int i = 0;
        while (i < o.size() && o.get(i).batch().isEmpty()) {
            i++;
        }
        if (i < o.size()) {
            o.set(i, otherBatch(o.get(i)));
        } else if (!o.isEmpty() && !seen.isEmpty()) {
            o.set(0, otherBatch(o.get(0)));
        } else {
            // Nothing to alter: claim one more (null) sequence number than the VIEW-CHANGEs settle.
            o.add(new PrePrepare(nv.view(), nv.stableSeq() + o.size() + 1, BatchDigest.of(List.of()), List.of()));
        }
        return new NewView(nv.view(), nv.viewChanges(), nv.stableSeq(), nv.stableDigest(), o, nv.replica());
    }

    /**
     * {@code vc} with forged claims, re-signed with the sender's own key: a batch prepared (and
     * pre-prepared) in the latest possible view at a sequence number where nothing was, another
     * digest for the first batch it really prepared, and a checkpoint it never took.
     */
    ViewChange forged(ViewChange vc) {
        long h = vc.stableSeq();
        long newestView = vc.newView() - 1;
        List<ViewChange.Entry> prepared = new ArrayList<>();
        List<ViewChange.Entry> prePrepared = new ArrayList<>(vc.prePrepared());
        Set<Long> seqs = new HashSet<>();
        for (ViewChange.Entry e : vc.prepared()) {
            // The first real claim gets a digest that was never pre-prepared anywhere.
            prepared.add(prepared.isEmpty() ? new ViewChange.Entry(e.seq(), fakeDigest(), newestView) : e);
            seqs.add(e.seq());
        }
        long k = h + 1;
        while (seqs.contains(k)) {
            k++;
        }
        Bytes fake = fakeDigest();
        prepared.add(new ViewChange.Entry(k, fake, newestView));
        prePrepared.add(new ViewChange.Entry(k, fake, newestView));
        List<ViewChange.CheckpointClaim> checkpoints = new ArrayList<>(vc.checkpoints());
        long fakeCheckpoint = h + checkpointInterval;
        if (checkpoints.stream().noneMatch(c -> c.seq() == fakeCheckpoint)) {
            checkpoints.add(new ViewChange.CheckpointClaim(fakeCheckpoint, fakeDigest()));
        }
        ViewChange unsigned = new ViewChange(vc.newView(), h, checkpoints, prepared, prePrepared, vc.replica(), Bytes.EMPTY);
        return unsigned.withSignature(ownSigner.sign(Statements.viewChange(unsigned)));
    }

    /** {@code vc} with one bit of its signature flipped. */
    ViewChange badSignature(ViewChange vc) {
        byte[] sig = vc.signature().toArray();
        if (sig.length == 0) {
            return vc;
        }
        sig[random.nextInt(sig.length)] ^= (byte) (1 << random.nextInt(8));
        return vc.withSignature(Bytes.wrap(sig));
    }

    /**
     * A BatchData with another batch, or a StateChunk with a flipped byte, each still under the
     * genuine digest: the receiver must check the bytes, not trust the sender.
     */
    Message wrongAnswer(Message m) {
        if (m instanceof BatchData bd) {
            List<Request> batch = new ArrayList<>(bd.batch());
            if (batch.isEmpty() && !seen.isEmpty()) {
                batch.add(seen.peekLast());
            } else if (!batch.isEmpty()) {
                batch.remove(batch.size() - 1);
            }
            return new BatchData(bd.seq(), bd.digest(), batch, bd.replica());
        }
        if (m instanceof StateChunk c && !c.pieces().isEmpty()) {
            List<StateChunk.Piece> pieces = new ArrayList<>(c.pieces());
            int i = random.nextInt(pieces.size());
            StateChunk.Piece p = pieces.get(i);
            byte[] data = p.data().isEmpty() ? new byte[] {1} : p.data().toArray();
            data[random.nextInt(data.length)] ^= 1;
            pieces.set(i, new StateChunk.Piece(p.index(), p.offset(), Math.max(p.totalBytes(), p.offset() + data.length),
                    Bytes.wrap(data)));
            return new StateChunk(c.seq(), c.root(), c.level(), pieces, c.replica());
        }
        return m;
    }

    /** A result that differs from {@code result}. */
    Bytes otherResult(Bytes result) {
        byte[] altered = java.util.Arrays.copyOf(result.toArray(), result.length() + 1);
        altered[result.length()] = (byte) '!';
        return Bytes.wrap(altered);
    }
}
