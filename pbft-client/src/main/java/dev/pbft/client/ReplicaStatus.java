package dev.pbft.client;

/**
 * What one replica says about itself, in answer to {@link PbftClient#replicaStatus}. It comes
 * authenticated from that replica, but a faulty replica may claim anything: compare replicas with
 * one another, never act on one alone.
 *
 * @param replica          the replica's id
 * @param view             its view
 * @param viewActive       whether it works in {@code view} (false while it waits for a NEW-VIEW)
 * @param primary          the primary of {@code view}
 * @param lastExecuted     the last sequence number it executed
 * @param stableCheckpoint its last stable checkpoint (a sequence number)
 * @param stateDigest      the state digest at that checkpoint, 64 hex digits: correct replicas at the
 *                         same checkpoint have the same one
 * @param peersConnected   how many other replicas it has a connection to
 */
public record ReplicaStatus(int replica, long view, boolean viewActive, int primary, long lastExecuted,
                            long stableCheckpoint, String stateDigest, int peersConnected) {
}
