package dev.pbft.client.core;

import dev.pbft.protocol.message.Request;

/**
 * Where a {@link ClientCore} sends its requests. Called synchronously from {@code submit} and
 * {@code tick}; best effort (a lost request is recovered by retransmission); must not block and
 * must not call back into the core.
 */
public interface ClientOutbox {
    /** Sends {@code request} to one replica (the presumed primary). */
    void send(int replica, Request request);

    /** Sends {@code request} to every replica in {@code replicas} (a retransmission). */
    void multicast(int[] replicas, Request request);
}
