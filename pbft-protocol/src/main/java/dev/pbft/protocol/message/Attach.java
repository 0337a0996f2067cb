package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * ATTACH(c, proof): on a client connection, asks the replica to take {@code client}'s requests from
 * this connection and to send {@code client}'s replies down it, so that many clients of one process
 * share one connection per replica. A transport message: the replica's transport checks it and it
 * never reaches the protocol.
 *
 * <p>The connection's own hello proves only the principal that opened it. {@code proof} is
 * {@code client}'s MAC, under its key with the replica, over this connection's challenge nonce
 * and the opener's id: only a holder of {@code client}'s key can make it, and a recorded one is
 * worthless on any other connection.
 *
 * @param client the client principal to carry
 * @param proof  32 bytes: the MAC described above
 */
public record Attach(int client, Bytes proof) implements Message {
}
