package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;

/**
 * Asks for the batch with {@code digest} that was ordered at {@code seq}: sent by a replica that
 * knows the digest (from COMMITs or VIEW-CHANGEs) but never received the PRE-PREPARE that carried it.
 */
public record BatchFetch(long seq, Bytes digest, int replica) implements Message {
}
