package dev.pbft.replica.service;

/**
 * Where an operation sits in the agreed order.
 *
 * @param client    the client's name from the cluster config
 * @param timestamp the client's request number
 * @param seq       the sequence number of the batch the operation was ordered in; for a read on
 *                  the read-only path, the last one this replica executed
 * @param readOnly  whether the operation runs on the read-only path, outside the order, because
 *                  {@link Service#isReadOnly} said it only reads: it must change nothing
 */
public record ExecutionContext(String client, long timestamp, long seq, boolean readOnly) {
    /** An operation ordered at {@code seq}. */
    public ExecutionContext(String client, long timestamp, long seq) {
        this(client, timestamp, seq, false);
    }
}
