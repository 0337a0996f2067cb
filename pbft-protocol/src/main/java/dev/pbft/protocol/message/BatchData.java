package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;
import java.util.List;

/**
 * The answer to a {@link BatchFetch}. Any replica may send it: the receiver recomputes the digest
 * and checks every request's client authenticator, so it needs no trust in the sender.
 */
public record BatchData(long seq, Bytes digest, List<Request> batch, int replica) implements Message {
    public BatchData {
        batch = List.copyOf(batch);
    }
}
