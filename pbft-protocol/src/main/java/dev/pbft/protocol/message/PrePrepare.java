package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;
import java.util.List;

/**
 * PRE-PREPARE(v, n, d) with the batch it orders. An empty batch is the null request of a view
 * change: it executes as a no-op.
 *
 * @param view      the view
 * @param seq       the sequence number assigned by the primary
 * @param digest    {@code BatchDigest} of {@code batch}; a backup recomputes it before accepting
 * @param batch     the requests, in execution order
 */
public record PrePrepare(long view, long seq, Bytes digest, List<Request> batch) implements Message {
    public PrePrepare {
        batch = List.copyOf(batch);
    }
}
