package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;
import java.util.List;

/**
 * NEW-VIEW(v, V, X): the new primary's evidence ({@code viewChanges}, 2f+1 signed VIEW-CHANGEs
 * from distinct replicas) and what it derived from them: the checkpoint the view starts from and,
 * for every sequence number above it up to the highest one chosen, a PRE-PREPARE of view {@code view}
 * with the chosen batch or the null (empty) batch. Backups recompute both from the same
 * VIEW-CHANGEs and refuse a NEW-VIEW that differs.
 *
 * @param view         the new view
 * @param viewChanges  the signed VIEW-CHANGEs the decision rests on
 * @param stableSeq    the checkpoint the new view starts from
 * @param stableDigest the state digest at {@code stableSeq}
 * @param prePrepares  O: pre-prepares for stableSeq+1 .. max-s, in order
 * @param replica      the new primary
 */
public record NewView(long view, List<ViewChange> viewChanges, long stableSeq, Bytes stableDigest,
                      List<PrePrepare> prePrepares, int replica) implements Message {
    public NewView {
        viewChanges = List.copyOf(viewChanges);
        prePrepares = List.copyOf(prePrepares);
    }
}
