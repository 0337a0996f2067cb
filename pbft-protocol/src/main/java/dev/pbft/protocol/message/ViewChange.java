package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;
import java.util.List;

/**
 * VIEW-CHANGE(v+1, h, C, P, Q, i) of PBFT's view change without certificates (Castro and Liskov,
 * TOCS 2002, section 4.5): {@code replica} stops taking part in views below {@code newView} and
 * reports what it knows. The lists are claims, not proofs; the new-view rule only ever acts on what
 * enough replicas claim. The sender signs the message so that the new primary can show it to the
 * backups inside NEW-VIEW.
 *
 * @param newView     the view being moved to
 * @param stableSeq   h: the sender's last stable checkpoint
 * @param checkpoints C: the sender's own checkpoints at h and above it
 * @param prepared    P: for each sequence number above h that prepared at the sender, the digest
 *                    and the latest view it prepared in
 * @param prePrepared Q: for each sequence number above h, the digests the sender pre-prepared (sent
 *                    a PRE-PREPARE or PREPARE for), each with the latest view it did so
 * @param replica     the sender
 * @param signature   the sender's Ed25519 signature over {@code Statements.viewChange(this)}
 */
public record ViewChange(long newView, long stableSeq, List<CheckpointClaim> checkpoints, List<Entry> prepared,
                         List<Entry> prePrepared, int replica, Bytes signature) implements Message {
    public ViewChange {
        checkpoints = List.copyOf(checkpoints);
        prepared = List.copyOf(prepared);
        prePrepared = List.copyOf(prePrepared);
    }

    /** One (sequence number, batch digest, view) claim of the P or Q set. */
    public record Entry(long seq, Bytes digest, long view) {
    }

    /** One checkpoint the sender took: its state at {@code seq} has {@code stateDigest}. */
    public record CheckpointClaim(long seq, Bytes stateDigest) {
    }

    /** The same message with {@code signature} in place of this one's. */
    public ViewChange withSignature(Bytes signature) {
        return new ViewChange(newView, stableSeq, checkpoints, prepared, prePrepared, replica, signature);
    }
}
