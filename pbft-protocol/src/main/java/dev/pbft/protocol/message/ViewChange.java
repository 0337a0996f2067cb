package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;
import java.util.List;

/**
 * VIEW-CHANGE(v+1, n, C, P, i): {@code replica} moves to {@code newView}.
 *
 * @param newView         the view being moved to
 * @param stableSeq       the sequence number of the replica's last stable checkpoint
 * @param checkpointProof 2f+1 signed checkpoints for {@code stableSeq}
 * @param prepared        a prepared certificate for every sequence number above {@code stableSeq}
 * @param replica         the sender
 * @param signature       the sender's Ed25519 signature, so the new primary can forward it
 */
public record ViewChange(long newView, long stableSeq, List<Checkpoint> checkpointProof,
                         List<PreparedCertificate> prepared, int replica, Bytes signature)
        implements Message {
    public ViewChange {
        checkpointProof = List.copyOf(checkpointProof);
        prepared = List.copyOf(prepared);
    }
}
