package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * REPLY(v, t, c, i, r): the result of the client's request with {@code timestamp}, as executed by
 * {@code replica} in {@code view}. A client accepts a result on f+1 matching replies.
 */
public record Reply(long view, long timestamp, int client, int replica, Bytes result) implements Message {
}
