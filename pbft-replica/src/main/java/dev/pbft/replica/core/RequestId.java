package dev.pbft.replica.core;

import dev.pbft.protocol.message.Request;

/** A request's identity for exactly-once: (client, timestamp). */
record RequestId(int client, long timestamp) {
    static RequestId of(Request r) {
        return new RequestId(r.client(), r.timestamp());
    }
}
