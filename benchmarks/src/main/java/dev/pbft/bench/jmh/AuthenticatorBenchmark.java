package dev.pbft.bench.jmh;

import dev.pbft.crypto.Authenticator;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.crypto.NodePublicKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PBFT authenticators: n HMAC-SHA256 over one 32-byte digest (what a replica pays per multicast),
 * and the single MAC check a receiver does. Keys are derived for real with X25519 + HKDF.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class AuthenticatorBenchmark {

    /** Number of principals; the authenticator has one MAC for each except the sender. */
    @Param({"4", "16"})
    public int n;

    private static final int SELF = 0;
    private static final byte[] CONTEXT = "pbft-jmh-cluster".getBytes(StandardCharsets.UTF_8);

    private MacKeyring sender;
    private MacKeyring receiver;
    private int[] receivers;
    private byte[] digest;
    private byte[] macForReceiver;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        NodeKeyPair[] keys = new NodeKeyPair[n];
        Map<Integer, NodePublicKey> publics = new HashMap<>();
        for (int i = 0; i < n; i++) {
            keys[i] = NodeKeyPair.generate(random);
            publics.put(i, keys[i].publicKey());
        }
        sender = MacKeyring.derive(SELF, keys[SELF], publics, CONTEXT);
        receiver = MacKeyring.derive(1, keys[1], publics, CONTEXT);
        receivers = new int[n - 1];
        for (int i = 0, r = 0; r < n; r++) {
            if (r != SELF) {
                receivers[i++] = r;
            }
        }
        digest = new byte[32];
        random.nextBytes(digest);
        Authenticator auth = sender.authenticate(digest, receivers);
        macForReceiver = auth.mac(auth.indexOf(1));
        if (!receiver.verify(SELF, digest, macForReceiver)) {
            throw new IllegalStateException("derived keys do not agree");
        }
    }

    @Benchmark
    public Authenticator authenticate() {
        return sender.authenticate(digest, receivers);
    }

    @Benchmark
    public boolean verifyOne() {
        return receiver.verify(SELF, digest, macForReceiver);
    }
}
