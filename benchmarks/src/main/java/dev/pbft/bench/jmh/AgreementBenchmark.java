package dev.pbft.bench.jmh;

import dev.pbft.sim.AgreementCluster;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of agreement as the group grows: one committed batch per operation, all n replicas on
 * one thread over the in-memory network, every message really encoded, MAC'd and verified. The
 * client's work (building and authenticating the requests) is done outside the timed part.
 * {@code AgreementSweep} pairs these times with counted messages, bytes and MACs per batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AgreementBenchmark {
    @Param({"4", "7", "10", "13", "16", "22", "31"})
    public int n;

    @Param({"1", "100"})
    public int batch;

    @Param({"64"})
    public int requestBytes;

    private AgreementCluster cluster;
    private List<byte[][]> requests;

    @Setup(Level.Trial)
    public void setUp() {
        cluster = new AgreementCluster(n, batch, requestBytes);
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
        requests = cluster.nextRequests();
    }

    @Benchmark
    public long commitOneBatch() {
        cluster.commit(requests);
        return cluster.counts().batches();
    }
}
