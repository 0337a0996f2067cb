package dev.pbft.replica.service;

/**
 * Does nothing and answers a fixed number of zero bytes: the cost of agreement alone, for
 * benchmarks. Stateless, so every snapshot is empty.
 */
public final class NullService implements Service {
    private final byte[] reply;

    /** @param replyBytes size of every result */
    public NullService(int replyBytes) {
        this.reply = new byte[replyBytes];
    }

    @Override
    public byte[] execute(ExecutionContext context, byte[] operation) {
        return reply.clone();
    }

    @Override
    public byte[] snapshot() {
        return new byte[0];
    }

    @Override
    public void restore(byte[] snapshot) {
        // stateless
    }
}
