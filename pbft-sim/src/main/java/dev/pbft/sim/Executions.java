package dev.pbft.sim;

import dev.pbft.protocol.Bytes;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.KvService;
import dev.pbft.replica.service.PartitionedService;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica's service, wrapped to record every operation it really executes, in order, with its
 * result: the evidence the checkers compare. After a state transfer the log has a gap: the
 * restored state stands for operations this replica never ran itself.
 *
 * <p>The {@code plant*} fields are test-only bugs, planted to see that each checker fires.
 */
final class Executions implements PartitionedService {
    /** Partitions of the simulated store: enough for a tree of two levels above them. */
    static final int PARTITIONS = 1024;

    record Executed(String client, long timestamp, long seq, Bytes operation, Bytes result) {
    }

    private final KvService kv = new KvService(PARTITIONS, KvService.DEFAULT_BYTES_MAX);
    final List<Executed> log = new ArrayList<>();
    /** Batches up to here were recorded by an earlier incarnation; a restarted replica re-runs them. */
    private final long recordedUpTo;
    /** Test-only: at this seq the service silently returns a different result. */
    long plantWrongResultAt = -1;
    /** Test-only: at this seq the service runs an operation other than the one ordered. */
    long plantOtherOperationAt = -1;
    /** Test-only: at this seq the service runs the operation twice. */
    long plantTwiceAt = -1;

    Executions() {
        this.recordedUpTo = 0;
    }

    /**
     * The service of a replica restarted with no memory: the evidence of its earlier incarnations
     * carries over, and what it re-executes from its journal is not recorded twice.
     */
    Executions(Executions earlier) {
        log.addAll(earlier.log);
        this.recordedUpTo = log.stream().mapToLong(Executed::seq).max().orElse(0);
    }

    @Override
    public boolean isReadOnly(byte[] operation) {
        return kv.isReadOnly(operation);
    }

    @Override
    public byte[] execute(ExecutionContext context, byte[] operation) {
        if (context.readOnly()) {
            return kv.execute(context, operation); // outside the order: not an execution to record
        }
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
        if (context.seq() <= recordedUpTo) {
            return result;
        }
        log.add(new Executed(context.client(), context.timestamp(), context.seq(), Bytes.copyOf(operation),
                Bytes.copyOf(result)));
        return result;
    }

    @Override
    public int partitionCount() {
        return kv.partitionCount();
    }

    @Override
    public byte[] readPartition(int partition) {
        return kv.readPartition(partition);
    }

    @Override
    public void writePartition(int partition, byte[] bytes) {
        kv.writePartition(partition, bytes);
    }

    @Override
    public void drainChanged(java.util.function.IntConsumer changed) {
        kv.drainChanged(changed);
    }
}
