package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Request;
import java.util.List;

/**
 * The effects of a {@link ReplicaCore} step, delivered synchronously while the step runs. A runtime
 * turns them into IO (the Netty runtime sends on its transport); the simulator into events on its
 * virtual network. Implementations must not call back into the core.
 */
public interface Outbox {
    /** Send {@code message} to principal {@code to} (a replica or a client). */
    void send(int to, Message message);

    /** Send {@code message} to every principal in {@code to}; one encoding serves all. */
    void multicast(int[] to, Message message);

    /** Batch {@code seq} (digest {@code digest}) has just been executed; for checkers and metrics. */
    default void executed(long seq, Bytes digest, List<Request> batch) {
    }

    /**
     * A stable checkpoint at {@code seq} is ahead of this replica's state: the runtime should fetch
     * the state with that digest from other replicas.
     */
    default void stateNeeded(long seq, Bytes stateDigest) {
    }
}
