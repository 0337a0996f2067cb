package dev.pbft.sim;

import dev.pbft.protocol.Bytes;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.KvService;
import dev.pbft.replica.service.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica's service, wrapped to record every operation it really executes, in order, with its
 * result: the evidence the checkers compare.
 */
final class Executions implements Service {
    record Executed(String client, long timestamp, long seq, Bytes operation, Bytes result) {
    }

    private final KvService kv = new KvService();
    final List<Executed> log = new ArrayList<>();

    @Override
    public byte[] execute(ExecutionContext context, byte[] operation) {
        byte[] result = kv.execute(context, operation);
        log.add(new Executed(context.client(), context.timestamp(), context.seq(), Bytes.copyOf(operation),
                Bytes.copyOf(result)));
        return result;
    }

    @Override
    public byte[] snapshot() {
        return kv.snapshot();
    }

    @Override
    public void restore(byte[] snapshot) {
        kv.restore(snapshot);
    }
}
