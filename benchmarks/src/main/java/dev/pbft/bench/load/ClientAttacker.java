package dev.pbft.bench.load;

import dev.pbft.client.core.RequestAuthenticator;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ReplicaSpec;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.crypto.NodePublicKey;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.RequestDigest;
import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.transport.NettyTransport;
import dev.pbft.protocol.transport.TransportSettings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A faulty client of DESIGN.md section 6, for benchmarks: one client identity of the config that,
 * once started, sends requests no correct client would, at a fixed rate, to every replica. It never
 * waits for replies. Kinds:
 * <ul>
 *   <li>{@code big-mac-client}: fresh requests whose authenticator is valid for replica 0 alone;</li>
 *   <li>{@code bad-mac-client}: fresh requests whose authenticator is valid for no replica;</li>
 *   <li>{@code flood-client}: valid fresh requests far beyond its window of outstanding requests;</li>
 *   <li>{@code replay-client}: one valid request, sent again and again after it executed;</li>
 *   <li>{@code oversized-client}: valid requests of {@code request.bytes.max} bytes.</li>
 * </ul>
 */
public final class ClientAttacker implements AutoCloseable {
    /** The kinds, by name. */
    public static final List<String> KINDS =
            List.of("big-mac-client", "bad-mac-client", "flood-client", "replay-client", "oversized-client");
    private static final long PERIOD_MILLIS = 10;
    /** Frames queued for one replica beyond which the attacker sends it nothing more for now. */
    private static final int BACKLOG_MAX = 256;

    private final ClusterConfig config;
    private final int self;
    private final NettyTransport transport;
    private final RequestAuthenticator authenticator;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pbft-client-attack");
        t.setDaemon(true);
        return t;
    });
    private final int[] all;
    private long timestamp = System.currentTimeMillis() * 1000;

    /** Connects as client {@code clientName}, with its key pair; sends nothing until {@link #start}. */
    public ClientAttacker(ClusterConfig config, String clientName, NodeKeyPair keys) throws InterruptedException {
        this.config = config;
        this.self = config.clientPrincipal(clientName);
        Map<Integer, NodePublicKey> replicas = new HashMap<>();
        for (ReplicaSpec r : config.replicas()) {
            replicas.put(r.id(), NodePublicKey.fromBytes(r.publicKey()));
        }
        MacKeyring keyring = MacKeyring.derive(self, keys, replicas, config.fingerprint());
        this.authenticator = RequestAuthenticator.macs(keyring.copy(), config.n());
        this.transport = NettyTransport.start(TransportSettings.from(config, self, keyring), (from, m) -> { }, 1);
        this.all = new int[config.n()];
        Arrays.setAll(all, i -> i);
    }

    /**
     * Starts attack {@code kind}, see {@link #KINDS}; it runs until {@link #close}.
     *
     * @throws IllegalArgumentException for an unknown kind
     */
    public void start(String kind) {
        Runnable burst = switch (kind) {
            case "big-mac-client" -> () -> send(100, 0, Spoil.ALL_BUT_REPLICA_0);
            case "bad-mac-client" -> () -> send(200, 0, Spoil.ALL);
            case "flood-client" -> () -> send(200, 0, Spoil.NONE);
            case "replay-client" -> replay();
            case "oversized-client" -> () -> send(2, config.params().requestBytesMax(), Spoil.NONE);
            default -> throw new IllegalArgumentException("no client attack '" + kind + "'; expected one of " + KINDS);
        };
        timer.scheduleAtFixedRate(burst, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private enum Spoil { NONE, ALL_BUT_REPLICA_0, ALL }

    /** {@code count} fresh requests of {@code bytes} each, to every replica that takes them. */
    private void send(int count, int bytes, Spoil spoil) {
        for (int i = 0; i < count; i++) {
            int[] to = reading();
            if (to.length == 0) {
                return;
            }
            transport.multicast(to, request(++timestamp, Bytes.wrap(new byte[bytes]), spoil));
        }
    }

    private Runnable replay() {
        Request once = request(++timestamp, Bytes.utf8("replayed"), Spoil.NONE);
        return () -> {
            for (int i = 0; i < 200; i++) {
                int[] to = reading();
                if (to.length == 0) {
                    return;
                }
                transport.multicast(to, once);
            }
        };
    }

    /**
     * The replicas whose connections take more now. Where TCP holds the attacker back, a real one on
     * its own machine could only burn its own CPU on messages no replica reads; here the attacker
     * shares the replicas' cores, so it does not make them, and it measures the replicas' defence
     * rather than the machine's share of it.
     */
    private int[] reading() {
        return Arrays.stream(all).filter(r -> transport.queued(r) < BACKLOG_MAX).toArray();
    }

    private Request request(long ts, Bytes operation, Spoil spoil) {
        byte[] auth = authenticator.authenticate(RequestDigest.of(self, ts, false, operation)).toArray();
        int from = spoil == Spoil.ALL_BUT_REPLICA_0 ? WireLimits.MAC_BYTES : 0;
        if (spoil != Spoil.NONE) {
            Arrays.fill(auth, from, auth.length, (byte) 0);
        }
        return new Request(self, ts, operation, false, Bytes.wrap(auth));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        transport.close();
    }
}
