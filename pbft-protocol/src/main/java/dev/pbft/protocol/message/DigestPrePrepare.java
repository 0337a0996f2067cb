package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;
import java.util.List;

/**
 * PRE-PREPARE(v, n, d) as the primary sends it to the backups when separate request transmission
 * is on ({@code request.separate.bytes.min}, OSDI'99 section 5.1) or it relayed requests itself
 * ({@code request.relayed.digests}): each such request travels as its client, timestamp and
 * {@code RequestDigest}, because the backups have its body already from the client or the
 * primary's relay; the others travel whole. A backup rebuilds the
 * {@link PrePrepare} from the bodies it holds, or fetches the batch, and from then on handles it as
 * one: the batch digest {@code digest} is over the whole requests, so a backup that rebuilt the
 * batch from other bodies than the primary meant refuses it.
 *
 * @param view   the view
 * @param seq    the sequence number assigned by the primary
 * @param digest {@code BatchDigest} of the whole batch
 * @param batch  the batch in execution order, each request whole or by its digest
 */
public record DigestPrePrepare(long view, long seq, Bytes digest, List<Entry> batch) implements Message {
    public DigestPrePrepare {
        batch = List.copyOf(batch);
    }

    /** One request of the batch. */
    public sealed interface Entry permits Whole, ByDigest {
    }

    /** A request that travels whole, as in {@link PrePrepare}. */
    public record Whole(Request request) implements Entry {
    }

    /**
     * A request named by its client, timestamp and {@code RequestDigest} (which covers flags and
     * operation), whose body the backup takes from what it holds.
     */
    public record ByDigest(int client, long timestamp, Bytes requestDigest) implements Entry {
    }
}
