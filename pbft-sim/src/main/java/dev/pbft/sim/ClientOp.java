package dev.pbft.sim;

import dev.pbft.protocol.Bytes;

/** One client operation as the client saw it: when it was invoked and when, with what, it returned. */
final class ClientOp {
    final String client;
    final long timestamp;
    final Bytes operation;
    final long invokedAt;
    /** Sent on the read-only path: no replica's log holds it if it completed there. */
    final boolean readOnly;
    long returnedAt = -1;
    Bytes result;
    String failure;

    ClientOp(String client, long timestamp, Bytes operation, long invokedAt, boolean readOnly) {
        this.readOnly = readOnly;
        this.client = client;
        this.timestamp = timestamp;
        this.operation = operation;
        this.invokedAt = invokedAt;
    }

    boolean completed() {
        return result != null;
    }
}
