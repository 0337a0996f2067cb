package dev.pbft.bench.jmh;

import dev.pbft.crypto.Digests;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** SHA-256 through {@link Digests} (thread-local JDK engine). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class DigestBenchmark {

    private byte[] small;
    private byte[] kib;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        small = new byte[64];
        kib = new byte[1024];
        random.nextBytes(small);
        random.nextBytes(kib);
    }

    @Benchmark
    public byte[] sha256_64B() {
        return Digests.sha256(small);
    }

    @Benchmark
    public byte[] sha256_1KiB() {
        return Digests.sha256(kib);
    }
}
