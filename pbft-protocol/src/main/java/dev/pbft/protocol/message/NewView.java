package dev.pbft.protocol.message;

import java.util.List;

/**
 * NEW-VIEW(v+1, V, O): the new primary's proof ({@code viewChanges}, 2f+1 signed VIEW-CHANGEs)
 * and the pre-prepares O it derives from them. Backups recompute O and reject a mismatch.
 */
public record NewView(long view, List<ViewChange> viewChanges, List<PrePrepare> prePrepares, int replica)
        implements Message {
    public NewView {
        viewChanges = List.copyOf(viewChanges);
        prePrepares = List.copyOf(prePrepares);
    }
}
