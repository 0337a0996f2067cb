package dev.pbft.bench.jmh;

import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.crypto.Signatures;
import dev.pbft.crypto.Signer;
import dev.pbft.crypto.Verifier;
import java.security.SecureRandom;
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

/** Ed25519 over a 32-byte message (a digest): cached-key Signer/Verifier and the static helper. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class SignatureBenchmark {

    private Signer signer;
    private Verifier verifier;
    private byte[] seed;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        NodeKeyPair keys = NodeKeyPair.generate(random);
        signer = Signer.of(keys);
        verifier = Verifier.of(keys.ed25519Public());
        seed = keys.ed25519Seed();
        message = new byte[32];
        random.nextBytes(message);
        signature = signer.sign(message);
        if (!verifier.verify(message, signature)) {
            throw new IllegalStateException("signature does not verify");
        }
    }

    @Benchmark
    public byte[] sign() {
        return signer.sign(message);
    }

    @Benchmark
    public boolean verify() {
        return verifier.verify(message, signature);
    }

    /** Derives the public key on every call; compare with {@link #sign()}. */
    @Benchmark
    public byte[] signStatic() {
        return Signatures.sign(seed, message);
    }
}
