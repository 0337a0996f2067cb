package dev.pbft.bench.jmh;

import dev.pbft.crypto.MacKeyring;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.crypto.NodePublicKey;
import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.codec.CodecException;
import dev.pbft.protocol.codec.EncodedMessage;
import dev.pbft.protocol.codec.FrameEncoder;
import dev.pbft.protocol.codec.MessageCodec;
import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Wire cost of a full PRE-PREPARE: 100 requests of 64-byte operations, each with a 4-replica
 * client authenticator (4 x 32 bytes). Kryo encode and decode, the batch digest, and the whole
 * authenticated frame (encode + SHA-256 + 3 MACs) for the three backups.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class CodecBenchmark {

    private static final int REPLICAS = 4;
    private static final int CLIENTS = 100;
    private static final int BATCH = 100;
    private static final int OPERATION_BYTES = 64;
    private static final byte[] CONTEXT = "pbft-jmh-cluster".getBytes(StandardCharsets.UTF_8);

    private MessageCodec codec;
    private FrameEncoder frameEncoder;
    private List<Request> batch;
    private PrePrepare prePrepare;
    private byte[] encoded;
    private int[] backups;

    @Setup
    public void setUp() throws CodecException {
        SecureRandom random = new SecureRandom();
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            byte[] op = new byte[OPERATION_BYTES];
            byte[] auth = new byte[REPLICAS * WireLimits.MAC_BYTES];
            random.nextBytes(op);
            random.nextBytes(auth);
            int client = REPLICAS + (i % CLIENTS);
            batch.add(new Request(client, 1_000_000L + i, Bytes.wrap(op), false, Bytes.wrap(auth)));
        }
        batch = List.copyOf(batch);
        prePrepare = new PrePrepare(3, 12_345, BatchDigest.of(batch), batch);

        WireLimits limits = new WireLimits(REPLICAS + CLIENTS, REPLICAS, 4096, 4096, 1024, 256, 4 << 20);
        codec = new MessageCodec(limits);
        encoded = codec.encode(prePrepare);
        Message back = codec.decode(encoded, 0, encoded.length);
        if (!prePrepare.equals(back)) {
            throw new IllegalStateException("codec round trip changed the message");
        }

        NodeKeyPair[] keys = new NodeKeyPair[REPLICAS];
        Map<Integer, NodePublicKey> publics = new HashMap<>();
        for (int i = 0; i < REPLICAS; i++) {
            keys[i] = NodeKeyPair.generate(random);
            publics.put(i, keys[i].publicKey());
        }
        MacKeyring keyring = MacKeyring.derive(0, keys[0], publics, CONTEXT);
        frameEncoder = new FrameEncoder(new MessageCodec(limits), keyring);
        backups = new int[] {1, 2, 3};
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(prePrepare);
    }

    @Benchmark
    public Message decode() throws CodecException {
        return codec.decode(encoded, 0, encoded.length);
    }

    @Benchmark
    public EncodedMessage frameEncode() {
        return frameEncoder.encode(prePrepare, backups);
    }

    /** The requests' digests are known (the primary checked each on arrival): one short hash. */
    @Benchmark
    public Bytes batchDigest() {
        return BatchDigest.of(batch);
    }

    /** Every request's digest computed first, as for a PRE-PREPARE whose requests are new here. */
    @Benchmark
    public Bytes batchDigestOfNewRequests() {
        List<Request> fresh = new ArrayList<>(batch.size());
        for (Request r : batch) {
            fresh.add(new Request(r.client(), r.timestamp(), r.operation(), r.readOnly(), r.clientAuth()));
        }
        return BatchDigest.of(fresh);
    }
}
