package dev.pbft.protocol.transport;

import dev.pbft.protocol.message.Message;

/**
 * Sends authenticated messages to principals. Delivery is best effort, as PBFT assumes: a message
 * may be dropped (peer down, outbound queue full) and the protocol's retransmissions and timers
 * recover. Implementations are thread-safe.
 *
 * <p>Messages from one thread to one principal arrive in the order sent, with one exception: unicast
 * messages sent on the transport's own event loop are coalesced into one frame that leaves at the
 * end of the loop turn, after multicasts sent in the same turn. PBFT does not depend on that order.
 */
public interface Transport extends AutoCloseable {
    /** Sends {@code message} to {@code to}; never blocks. */
    void send(int to, Message message);

    /**
     * Sends {@code message} to every principal in {@code to}, encoding and digesting it once; an
     * empty {@code to} sends nothing.
     */
    void multicast(int[] to, Message message);

    /** Stops sending and receiving and releases threads and sockets; idempotent. */
    @Override
    void close();
}
