package dev.pbft.replica.service;

/**
 * The replicated state machine an application plugs in.
 *
 * <p>Contract: {@link #execute} must be deterministic: the same sequence of operations applied to
 * the same initial state gives the same results and the same state on every replica, on every run.
 * No clocks, randomness, thread scheduling, IO or iteration over unordered hash structures may
 * influence a result or the state. Replicas call the methods from one thread, one call at a time.
 * An operation a service cannot parse must produce an error result, never an exception: the bytes
 * come from clients.
 *
 * <p>A service implementing only this interface has its whole state serialised at every checkpoint
 * (every {@code checkpoint.interval} sequence numbers) and sent whole to a replica that falls
 * behind: fine for small states. A service whose state grows large implements
 * {@link PartitionedService}, so that checkpoints cost what changed and transfers send what differs.
 */
public interface Service {
    /**
     * Applies one operation and returns its result, which goes to the client.
     *
     * @param context   who asked and where the operation sits in the agreed order
     * @param operation the client's bytes, as sent
     */
    byte[] execute(ExecutionContext context, byte[] operation);

    /**
     * Whether {@code operation} only reads the state, so replicas may run it outside the agreed
     * order, on their current state, when a client asks for the read-only path
     * ({@code request.read-only}). {@link #execute} of such an operation must change nothing, and
     * the answer must depend on the bytes alone. Replicas refuse the read-only path to anything
     * else, and the client then orders it. None is, by default.
     */
    default boolean isReadOnly(byte[] operation) {
        return false;
    }

    /** Returns the whole state as bytes; replicas in equal states return equal bytes. */
    byte[] snapshot();

    /**
     * Replaces the whole state with one taken by {@link #snapshot()}, possibly on another replica.
     * The bytes were checked against a digest 2f+1 replicas agree on.
     */
    void restore(byte[] snapshot);
}
