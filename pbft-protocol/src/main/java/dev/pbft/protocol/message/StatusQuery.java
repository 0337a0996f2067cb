package dev.pbft.protocol.message;

/**
 * STATUS-QUERY(c, nonce): a client asks a replica where it stands, for operators and health
 * checks ({@code pbft status}). Answered by the replica's runtime with a {@link StatusReport},
 * at most a few times a second per client; never ordered and never seen by the protocol.
 *
 * @param client the asking client, which must be the connection's principal or attached to it
 * @param nonce  echoed in the report, so the client matches answers to its question
 */
public record StatusQuery(int client, long nonce) implements Message {
}
