package dev.pbft.protocol.transport;

import dev.pbft.protocol.message.Message;

/**
 * Receives messages that have passed authentication and decoding. Called on a transport IO
 * thread: implementations must be thread-safe and must not block (hand the message to a queue).
 */
@FunctionalInterface
public interface MessageHandler {
    /** {@code from} is the authenticated sender principal. */
    void onMessage(int from, Message message);
}
