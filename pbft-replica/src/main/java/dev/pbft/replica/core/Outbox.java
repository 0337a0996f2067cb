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

    /** Batch {@code seq} is about to execute; with {@link #executed}, what times its execution. */
    default void executing(long seq) {
    }

    /** Batch {@code seq} (digest {@code digest}) has just been executed; for checkers and metrics. */
    default void executed(long seq, Bytes digest, List<Request> batch) {
    }

    /** This replica took a checkpoint: its state after {@code seq} has {@code stateDigest}. */
    default void checkpointTaken(long seq, Bytes stateDigest) {
    }

    /**
     * 2f+1 replicas vouch for state digest {@code stable} at {@code seq} while this replica computed
     * {@code own}: its state is corrupt. It fetches the right state; the runtime should say so loudly.
     */
    default void stateDiverged(long seq, Bytes own, Bytes stable) {
    }

    /**
     * This replica starts fetching the state at stable checkpoint {@code seq} (or moves a running
     * fetch on to it) from other replicas.
     */
    default void stateFetchStarted(long seq) {
    }

    /**
     * This replica installed the state at checkpoint {@code seq}, fetched from other replicas;
     * {@code partitionsFetched} is how many partitions it has fetched in all so far.
     */
    default void stateFetched(long seq, long partitionsFetched) {
    }

    /** This replica installed {@code view}, whose primary is {@code primary}. */
    default void viewInstalled(long view, int primary) {
    }

    /** This replica left its view for {@code view} and sent its VIEW-CHANGE; {@link #viewInstalled} follows. */
    default void viewChangeStarted(long view) {
    }

    /**
     * Client {@code client} sent more this status period than a correct client can (requests over
     * its window, copies of requests it had answered, requests failing the checks); the replica
     * ignores the rest of what it sends this period without checking it. A runtime may stop reading
     * the client's connections for a status period, so the flood costs it no decoding either.
     * Called for each copy ignored, so a runtime that read the client again too early pauses it
     * again after one copy; cheap to repeat.
     */
    default void clientOverBudget(int client) {
    }

    /**
     * A burst of steps, or a tick, is over: a runtime that journals makes what was appended durable
     * now and then lets out the messages it held back meanwhile (group commit).
     */
    default void burstEnded() {
    }
}
