package dev.pbft.protocol.message;

/**
 * STATUS(v, changing, h, e, i): where {@code replica} stands, sent when it waits for something it may
 * have missed. Peers answer by re-sending their own messages that it lacks (PBFT's status
 * messages, TOCS 2002 section 5.2): a lost message costs a round trip, never a view change.
 *
 * @param view           the replica's view
 * @param viewChanging   whether it has left {@code view - 1} and waits for NEW-VIEW of {@code view}
 * @param stableSeq      its last stable checkpoint
 * @param lastExecuted   the last sequence number it executed
 * @param replica        the sender
 */
public record Status(long view, boolean viewChanging, long stableSeq, long lastExecuted, int replica)
        implements Message {
}
