package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * STATUS-REPORT: a replica's answer to a {@link StatusQuery}, what it claims about itself as of
 * its last tick. Authenticated like every message, but a faulty replica may claim anything: it
 * is for people and monitors comparing replicas, never for the protocol.
 *
 * @param client         the client that asked
 * @param nonce          the query's nonce
 * @param replica        the answering replica
 * @param view           its view
 * @param viewActive     whether it works in {@code view}, rather than waiting for its NEW-VIEW
 * @param primary        the primary of {@code view}
 * @param lastExecuted   the last sequence number it executed
 * @param stableSeq      its last stable checkpoint
 * @param stableDigest   the state digest of that checkpoint (32 bytes)
 * @param peersConnected how many other replicas it has a connection to
 */
public record StatusReport(int client, long nonce, int replica, long view, boolean viewActive, int primary,
                           long lastExecuted, long stableSeq, Bytes stableDigest, int peersConnected)
        implements Message {
}
