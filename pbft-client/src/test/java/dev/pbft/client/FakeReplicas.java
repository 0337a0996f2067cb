package dev.pbft.client;

import dev.pbft.config.ClientSpec;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import dev.pbft.config.ReplicaSpec;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.TestKeys;
import dev.pbft.protocol.TestPorts;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.transport.NettyTransport;
import dev.pbft.protocol.transport.TransportSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Four fake replicas (f = 1) on loopback, each a real {@link NettyTransport} with keys from
 * {@link TestKeys} and an in-memory config. No agreement: replica 0 (the primary of view 0)
 * forwards each client request to the others, and every replica checks the client's MAC addressed
 * to it, then answers as its {@link Behaviour} says.
 */
final class FakeReplicas implements AutoCloseable {
    static final int F = 1;
    static final int N = 4;
    static final String CLIENT = "c0";
    static final int CLIENT_PRINCIPAL = N;

    /** What a replica answers to a request; empty means silence. */
    @FunctionalInterface
    interface Behaviour {
        Optional<Bytes> answer(int replica, Request request);
    }

    static final Behaviour REVERSE = (replica, r) -> Optional.of(reversed(r.operation()));
    static final Behaviour SILENT = (replica, r) -> Optional.empty();
    static final Behaviour GARBAGE = (replica, r) -> Optional.of(Bytes.utf8("garbage from " + replica + "@" + r.timestamp()));

    static final long KEY_SEED = 11;

    final TestKeys keys;
    final ClusterConfig config;
    final AtomicInteger badAuthenticators = new AtomicInteger();
    /** Requests a client connection delivered as another client's: the transport credited the wrong sender. */
    final AtomicInteger requestsFromAnother = new AtomicInteger();
    final AtomicInteger requestsSeen = new AtomicInteger();
    volatile boolean primaryForwards = true;
    /** Called with every authentic request a replica receives from the client, on its IO thread. */
    volatile Consumer<Request> onRequest = r -> { };
    private final AtomicReferenceArray<Behaviour> behaviours = new AtomicReferenceArray<>(N);
    private final List<NettyTransport> transports = new ArrayList<>();
    private final List<PbftClient> clients = new ArrayList<>();

    FakeReplicas(ProtocolParams params) throws InterruptedException {
        this(params, Optional.empty(), 1);
    }

    FakeReplicas(ProtocolParams params, Optional<Path> clientKeyFile) throws InterruptedException {
        this(params, clientKeyFile, 1);
    }

    /**
     * @param clientKeyFile the private-key-file the config names for the client
     * @param clientCount   clients in the config: c0 (principal N), c1, ... named so that their
     *                      sorted order, which the config numbers them in, is this order
     */
    FakeReplicas(ProtocolParams params, Optional<Path> clientKeyFile, int clientCount) throws InterruptedException {
        this.keys = new TestKeys(N + clientCount, KEY_SEED);
        List<ReplicaSpec> replicas = new ArrayList<>();
        int[] ports = TestPorts.distinctFree(N);
        for (int i = 0; i < N; i++) {
            replicas.add(new ReplicaSpec(i, "127.0.0.1", ports[i], keys.pair(i).publicKeyBytes(), Optional.empty()));
            behaviours.set(i, REVERSE);
        }
        List<ClientSpec> clientSpecs = new ArrayList<>();
        for (int c = 0; c < clientCount; c++) {
            clientSpecs.add(new ClientSpec(clientName(c), keys.pair(N + c).publicKeyBytes(), clientKeyFile));
        }
        this.config = ClusterConfig.of(F, replicas, clientSpecs, params);
        for (int i = 0; i < N; i++) {
            MacKeyring keyring = MacKeyring.derive(i, keys.pair(i), keys.publicKeys(), config.fingerprint());
            Replica replica = new Replica(i, keyring.copy());
            NettyTransport t = NettyTransport.start(TransportSettings.from(config, i, keyring), replica::onMessage, 1);
            replica.transport = t;
            transports.add(t);
        }
    }

    void behave(int replica, Behaviour behaviour) {
        behaviours.set(replica, behaviour);
    }

    NodeKeyPair clientKey() {
        return keys.pair(CLIENT_PRINCIPAL);
    }

    /** A client of this group, closed with it, once connected to every replica. */
    PbftClient client() throws InterruptedException {
        return connected(PbftClient.builder().config(config).client(CLIENT).privateKey(clientKey()).build());
    }

    /** Client {@code c} of the config on shared {@code resources}, once connected to every replica. */
    PbftClient client(int c, ClientResources resources) throws InterruptedException {
        return connected(PbftClient.builder().config(config).client(clientName(c)).privateKey(keys.pair(N + c))
                .resources(resources).build());
    }

    /** Registers {@code c} to be closed with the group and waits until it reaches every replica. */
    PbftClient connected(PbftClient c) throws InterruptedException {
        clients.add(c);
        await(() -> c.connectedReplicas() == N, "the client connects to all replicas");
        return c;
    }

    @Override
    public void close() {
        clients.forEach(PbftClient::close);
        transports.forEach(NettyTransport::close);
    }

    static String clientName(int c) {
        return c == 0 ? CLIENT : String.format("c%04d", c);
    }

    static Bytes reversed(Bytes b) {
        byte[] out = new byte[b.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(out.length - 1 - i);
        }
        return Bytes.wrap(out);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private final class Replica {
        final int id;
        final MacKeyring keyring; // not thread-safe: used under this replica's lock
        volatile NettyTransport transport;

        Replica(int id, MacKeyring keyring) {
            this.id = id;
            this.keyring = keyring;
        }

        void onMessage(int from, Message message) {
            if (!(message instanceof Request r)) {
                return;
            }
            requestsSeen.incrementAndGet();
            if (!authentic(r)) {
                badAuthenticators.incrementAndGet();
                return;
            }
            if (from >= N) {
                onRequest.accept(r);
                if (from != r.client()) {
                    requestsFromAnother.incrementAndGet();
                }
            }
            if (id == 0 && from >= N && primaryForwards) {
                transport.multicast(new int[] {1, 2, 3}, r);
            }
            behaviours.get(id).answer(id, r).ifPresent(result ->
                    transport.send(r.client(), new Reply(0, r.timestamp(), r.client(), id, result)));
        }

        private boolean authentic(Request r) {
            byte[] auth = r.clientAuth().backingArray();
            if (auth.length != N * 32) {
                return false;
            }
            byte[] mine = Arrays.copyOfRange(auth, id * 32, id * 32 + 32);
            synchronized (this) {
                return keyring.verify(r.client(), r.digest().backingArray(), mine);
            }
        }
    }
}
