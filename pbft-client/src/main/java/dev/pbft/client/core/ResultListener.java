package dev.pbft.client.core;

import dev.pbft.protocol.Bytes;

/**
 * Learns the outcome of one submitted request: exactly one of the two methods is called, exactly
 * once, on the thread driving the {@link ClientCore}, after the core has forgotten the request (so
 * a listener may submit again). Listeners should not throw; if one does, the exception reaches
 * the caller of the core method only after every other due listener was called.
 */
public interface ResultListener {
    /** f+1 replicas reported {@code result} for the request with {@code timestamp}. */
    void completed(long timestamp, Bytes result);

    /** The request will not complete; {@code reason} says why, for humans. */
    void failed(long timestamp, String reason);
}
