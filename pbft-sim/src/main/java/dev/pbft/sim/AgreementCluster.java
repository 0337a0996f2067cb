package dev.pbft.sim;

import dev.pbft.client.core.RequestAuthenticator;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.RequestDigest;
import dev.pbft.protocol.codec.CodecException;
import dev.pbft.protocol.codec.EncodedMessage;
import dev.pbft.protocol.codec.FrameDecoder;
import dev.pbft.protocol.codec.FrameEncoder;
import dev.pbft.protocol.codec.MessageCodec;
import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Request;
import dev.pbft.replica.core.CoreSettings;
import dev.pbft.replica.core.Outbox;
import dev.pbft.replica.core.ReplicaCore;
import dev.pbft.replica.runtime.MacRequestVerifier;
import dev.pbft.replica.service.NullService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * n replica cores and one client on an in-memory FIFO network where every message is really
 * encoded, MAC'd and verified: the cost of agreement without sockets. Used by the JMH harness to
 * time one committed batch, and by tests to count messages per batch against PBFT's formula.
 *
 * <p>Single-threaded and deterministic. Replies to the client are built and MAC'd (replica cost)
 * and counted, but not delivered.
 */
public final class AgreementCluster {
    private final int n;
    private final int batchSize;
    private final int requestBytes;
    private final int client;
    private final List<ReplicaCore> cores = new ArrayList<>();
    private final List<FrameEncoder> encoders = new ArrayList<>();
    private final List<FrameDecoder> decoders = new ArrayList<>();
    private final FrameEncoder clientEncoder;
    private final RequestAuthenticator clientAuth;
    private final ArrayDeque<InFlight> network = new ArrayDeque<>();
    private final MessageCounts counts = new MessageCounts();
    private long timestamp;

    private record InFlight(int from, int to, byte[] frame) {
    }

    /**
     * @param n            replicas, f = (n-1)/3
     * @param batchSize    requests per committed batch
     * @param requestBytes operation size of each request
     */
    public AgreementCluster(int n, int batchSize, int requestBytes) {
        this.n = n;
        this.batchSize = batchSize;
        this.requestBytes = requestBytes;
        this.client = n;
        int f = (n - 1) / 3;
        // One JVM holds all n logs; a short window keeps what each replica retains (and so the GC
        // work per batch) close to a real deployment's, where each replica has a JVM of its own.
        int window = 64;
        WireLimits limits = new WireLimits(n + 1, n, Math.max(1, requestBytes), 1 << 20, batchSize, window, 64 << 20);
        SimKeys keys = new SimKeys(n + 1, 1);
        for (int id = 0; id < n; id++) {
            MacKeyring keyring = keys.keyring(id);
            encoders.add(new FrameEncoder(new MessageCodec(limits), keyring));
            decoders.add(new FrameDecoder(id, new MessageCodec(limits), keyring.copy()));
            // One client sends a whole batch at once, so its window must cover the batch.
            var settings = new CoreSettings(id, n, f, n + 1, window, window / 2, batchSize, 64 << 20, 1,
                    Math.max(64, batchSize), p -> "c0", new CoreSettings.Timeouts(1_000_000, 1_000_000, 1_000_000));
            cores.add(new ReplicaCore(settings, new NullService(0), new MacRequestVerifier(id, n, keyring.copy()),
                    keys.signer(id, n), outbox(id)));
        }
        MacKeyring clientKeys = keys.keyring(client);
        this.clientAuth = RequestAuthenticator.macs(clientKeys, n);
        this.clientEncoder = new FrameEncoder(new MessageCodec(limits), clientKeys.copy());
    }

    private Outbox outbox(int self) {
        return new Outbox() {
            @Override
            public void send(int to, Message message) {
                multicast(new int[] {to}, message);
            }

            @Override
            public void multicast(int[] to, Message message) {
                EncodedMessage encoded = encoders.get(self).encode(message, to);
                counts.sent(message, to.length, encoded.frameBytes());
                for (int i = 0; i < to.length; i++) {
                    if (to[i] < n) {
                        network.add(new InFlight(self, to[i], encoded.frameFor(i)));
                    }
                }
            }
        };
    }

    /**
     * The client's next batch, encoded as the frames it sends: per request, one frame per replica
     * (a client sends each request to every replica). Kept apart from {@link #commit} so a
     * benchmark can leave the client's own cost out of its timing.
     */
    public List<byte[][]> nextRequests() {
        List<byte[][]> frames = new ArrayList<>(batchSize);
        int[] all = new int[n];
        java.util.Arrays.setAll(all, i -> i);
        for (int i = 0; i < batchSize; i++) {
            long ts = ++timestamp;
            Bytes op = Bytes.wrap(new byte[requestBytes]);
            byte[] digest = RequestDigest.of(client, ts, false, op);
            Bytes auth = clientAuth.authenticate(digest);
            var encoded = clientEncoder.encode(new Request(client, ts, op, false, auth), all);
            byte[][] perReplica = new byte[n][];
            for (int r = 0; r < n; r++) {
                perReplica[r] = encoded.frameFor(r);
            }
            frames.add(perReplica);
        }
        return frames;
    }

    /**
     * Delivers the requests to every replica (each replica's copies as one burst) and runs the
     * network until the batch is committed everywhere.
     */
    public void commit(List<byte[][]> requestFrames) {
        long target = cores.get(0).lastExecuted() + 1;
        for (int r = 0; r < n; r++) {
            for (byte[][] frames : requestFrames) {
                deliver(client, r, frames[r]);
            }
            cores.get(r).flush();
        }
        InFlight m;
        while ((m = network.poll()) != null) {
            deliver(m.from(), m.to(), m.frame());
            cores.get(m.to()).flush();
        }
        for (ReplicaCore core : cores) {
            if (core.lastExecuted() < target) {
                throw new IllegalStateException("replica executed up to " + core.lastExecuted() + ", expected " + target);
            }
        }
        counts.batchCommitted();
    }

    private void deliver(int from, int to, byte[] frame) {
        Message message;
        try {
            message = decoders.get(to).decode(from, frame, 4, frame.length - 4);
        } catch (CodecException e) {
            throw new IllegalStateException("a frame from " + from + " to " + to + " was rejected: " + e.getMessage(), e);
        }
        counts.verifiedMac();
        cores.get(to).step(from, message);
    }

    public MessageCounts counts() {
        return counts;
    }

    public int n() {
        return n;
    }
}
