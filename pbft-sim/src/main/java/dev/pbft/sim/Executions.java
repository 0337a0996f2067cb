package dev.pbft.sim;

import dev.pbft.protocol.Bytes;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.KvService;
import dev.pbft.replica.service.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica's service, wrapped to record every operation it really executes, in order, with its
 * result: the evidence the checkers compare. After a state transfer the log has a gap: the
 * restored state stands for operations this replica never ran itself.
 *
 * <p>The {@code plant*} fields are test-only bugs, planted to see that each checker fires.
 */
final class Executions implements Service {
    record Executed(String client, long timestamp, long seq, Bytes operation, Bytes result) {
    }

    private final KvService kv = new KvService();
    final List<Executed> log = new ArrayList<>();
    /** Test-only: at this seq the service silently returns a different result. */
    long plantWrongResultAt = -1;
    /** Test-only: at this seq the service runs an operation other than the one ordered. */
    long plantOtherOperationAt = -1;
    /** Test-only: at this seq the service runs the operation twice. */
    long plantTwiceAt = -1;

    @Override
    public byte[] execute(ExecutionContext context, byte[] operation) {
        if (context.seq() == plantOtherOperationAt) {
            operation = dev.pbft.protocol.kv.KvCodec.encode(new dev.pbft.protocol.kv.KvOp.Get(Bytes.utf8("planted")));
        }
        byte[] result = run(context, operation);
        if (context.seq() == plantTwiceAt) {
            result = run(context, operation);
        }
        if (context.seq() == plantWrongResultAt) {
            result = Bytes.utf8("planted").toArray();
            log.set(log.size() - 1, new Executed(context.client(), context.timestamp(), context.seq(),
                    Bytes.copyOf(operation), Bytes.copyOf(result)));
        }
        return result;
    }

    private byte[] run(ExecutionContext context, byte[] operation) {
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
