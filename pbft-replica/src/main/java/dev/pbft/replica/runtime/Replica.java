package dev.pbft.replica.runtime;

import dev.pbft.config.ClusterConfig;
import dev.pbft.config.KeyFiles;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.crypto.NodePublicKey;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.transport.NettyTransport;
import dev.pbft.protocol.transport.TransportSettings;
import dev.pbft.protocol.transport.TransportStats;
import dev.pbft.replica.core.CoreSettings;
import dev.pbft.replica.core.CoreStats;
import dev.pbft.replica.core.Outbox;
import dev.pbft.replica.core.ReplicaCore;
import dev.pbft.replica.service.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import dev.pbft.protocol.codec.MessageCodec;
import dev.pbft.replica.storage.FsyncPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running replica: the {@link ReplicaCore} driven by the Netty transport and a tick every
 * {@code tickMillis}, always on one thread at a time. By default that thread is the transport's
 * single event loop, which also checks MACs and decodes; with {@code ioThreads >= 1} the core has a
 * thread of its own behind a bounded inbox. The service executes sequentially on the core's thread.
 *
 * <pre>{@code
 * Replica replica = Replica.builder().config(ClusterConfig.load(path)).id(0).service(new KvService()).start();
 * ...
 * replica.close();
 * }</pre>
 */
public final class Replica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ClusterConfig config;
    private final int id;
    private final ReplicaCore core;
    private final NettyTransport transport;
    private final CoreDriver driver;
    private volatile boolean running = true;
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    private volatile Status status;
    /** Null unless a registry was given ({@link Builder#meterRegistry}); touched on the core's thread. */
    private ReplicaMetrics metrics;
    private int ticksSinceSnapshot;
    private final ReplicaStorage storage;
    private final List<Held> held = new ArrayList<>();
    /** Messages whose journal entries the group-commit thread is forcing, by ticket, in order. */
    private final java.util.ArrayDeque<Waiting> forcing = new java.util.ArrayDeque<>();
    private final JournalSyncer syncer;
    private final Interposer interposer;

    private record Waiting(long ticket, List<Held> messages) {
    }

    /** A message held back until the journal entries before it are durable. */
    private record Held(int to, int[] group, Message message) {
    }
    private int lastPeers;

    /** A consistent view of the replica for status lines and tests; updated on every tick. */
    public record Status(long view, int primary, long lastExecuted, long lowWaterMark, int peersConnected) {
    }

    private Replica(Builder b) throws InterruptedException {
        this.config = b.config;
        this.id = b.id;
        NodeKeyPair keys = b.keys != null ? b.keys : loadKeys(config, id);
        checkKeyMatches(config, id, keys);
        MacKeyring keyring = MacKeyring.derive(id, keys, publicKeys(config), config.fingerprint());
        var transportSettings = TransportSettings.from(config, id, keyring);
        this.interposer = b.interposer;
        if (b.ioThreads == 0) {
            EventLoopDriver onLoop = new EventLoopDriver(b.tickMillis);
            this.driver = onLoop;
            this.transport = NettyTransport.start(transportSettings, inbound(onLoop), 1);
            onLoop.bind(transport.singleEventLoop());
        } else {
            this.driver = new ThreadDriver(b.inboxCapacity, b.tickMillis, "pbft-replica-" + id);
            this.transport = NettyTransport.start(transportSettings, inbound(driver), b.ioThreads);
        }
        long openingNanos = System.nanoTime();
        this.storage = openStorage(b, transportSettings);
        long readMillis = (System.nanoTime() - openingNanos) / 1_000_000;
        this.syncer = storage.journal == null || b.fsync != FsyncPolicy.ALWAYS ? null
                : new JournalSyncer(storage.journal, "pbft-journal-" + id, () -> driver.wake(), failure::complete);
        long pauseMillis = CoreSettings.from(config, id, b.tickMillis).timeouts().statusTicks() * b.tickMillis;
        Outbox outbox = new Outbox() {
            @Override
            public void send(int to, Message message) {
                if (mustWait()) {
                    held.add(new Held(to, null, message)); // after a promise: only once it is on disk
                } else {
                    transport.send(to, message);
                }
            }

            @Override
            public void multicast(int[] to, Message message) {
                if (metrics != null) {
                    if (message instanceof dev.pbft.protocol.message.PrePrepare pp) {
                        metrics.agreementStarted(pp.seq(), System.nanoTime());
                    } else if (message instanceof dev.pbft.protocol.message.Prepare p) {
                        metrics.agreementStarted(p.seq(), System.nanoTime());
                    }
                }
                if (mustWait()) {
                    held.add(new Held(-1, to, message));
                } else {
                    transport.multicast(to, message);
                }
            }

            @Override
            public void burstEnded() {
                releaseHeld();
            }

            @Override
            public void stateDiverged(long seq, Bytes own, Bytes stable) {
                LOG.error("replica {}: state at checkpoint {} has digest {} but 2f+1 replicas agree on {}; fetching"
                        + " their state", id, seq, own, stable);
            }

            @Override
            public void stateFetchStarted(long seq) {
                LOG.info("replica {}: fetching the state at stable checkpoint {} from the others", id, seq);
            }

            @Override
            public void stateFetched(long seq, long partitionsFetched) {
                LOG.info("replica {}: installed the state at checkpoint {} fetched from the others ({} partitions"
                        + " fetched so far)", id, seq, partitionsFetched);
            }

            @Override
            public void clientOverBudget(int client) {
                transport.pauseReading(client, pauseMillis);
            }

            @Override
            public void executing(long seq) {
                if (metrics != null) {
                    metrics.batchExecuting(System.nanoTime());
                }
            }

            @Override
            public void executed(long seq, Bytes digest, java.util.List<dev.pbft.protocol.message.Request> batch) {
                if (metrics != null) {
                    metrics.batchExecuted(seq, batch.size(), System.nanoTime());
                }
            }

            @Override
            public void viewChangeStarted(long view) {
                LOG.info("replica {}: view change to view {} started (primary would be replica {})", id, view,
                        (int) Math.floorMod(view, (long) config.n()));
            }

            @Override
            public void viewInstalled(long view, int primary) {
                LOG.info("replica {}: view {} installed, primary is replica {}", id, view, primary);
            }
        };
        var signer = new Ed25519CertificateSigner(keys, config.n(), publicKeys(config));
        this.core = new ReplicaCore(CoreSettings.from(config, id, b.tickMillis), b.service,
                new MacRequestVerifier(id, config.n(), keyring.copy()), signer,
                interposer == null ? outbox : interposer.wrap(outbox, signer), storage.images, storage.coreJournal());
        if (interposer != null) {
            interposer.attach(core);
            LOG.warn("replica {}: runs with a test-only Byzantine interposer ({}): it does not follow the protocol",
                    id, interposer);
        }
        if (b.lostDisk) {
            if (!storage.entries.isEmpty() || storage.images.latest() >= 0) {
                throw new IllegalArgumentException("replica " + id + ": told its disk was lost, but " + storage.dir
                        + " holds a journal or images; move them aside first");
            }
            core.recoverWithoutDisk();
            LOG.warn("replica {}: starting after losing its disk: it fetches the state and takes part in no"
                    + " agreement it may have joined before (it counts as one of the f faulty replicas meanwhile)", id);
        } else {
            core.recover(storage.entries);
        }
        if (storage.journal != null) {
            storage.journal.sync(); // before anything the recovery sent leaves
            sendAll(held);
            held.clear();
        }
        if (storage.dir != null) {
            LOG.info("replica {}: data in {} ({}): recovered to seq {} in view {} from {} journal entries in {} ms"
                    + " ({} ms reading them)", id, storage.dir, storage.recoveryReport(), core.lastExecuted(), core.view(),
                    storage.entries.size(), (System.nanoTime() - openingNanos) / 1_000_000, readMillis);
        }
        this.status = snapshotStatus();
        this.lastPeers = status.peersConnected();
        if (b.meterRegistry != null) {
            this.metrics = new ReplicaMetrics(b.meterRegistry, id, snapshotMetrics());
        }
        driver.start(core, this::afterTick, failure::complete);
        LOG.info("replica {} (f={}, n={}): view {}, primary replica {}, listening on {} ({}), peers connected {}/{}"
                        + " ({} ms after its JVM started)", id, config.f(), config.n(), core.view(), core.primary(),
                transport.boundAddress(), NettyTransport.socketLayer(), transport.connectedReplicas(), config.n() - 1,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /**
     * Whether a message sent now must wait: journal entries before it are not on disk yet, or
     * messages sent before it still wait (they leave in order).
     */
    private boolean mustWait() {
        return storage.journal != null && (storage.journal.dirty() || !held.isEmpty() || !forcing.isEmpty());
    }

    /**
     * At the end of a burst: writes this burst's journal entries out and lets the messages that
     * waited for them leave once they are durable: at once under {@code --fsync never}, after the
     * group-commit thread's next force under {@code always} (the core goes on meanwhile).
     */
    private void releaseHeld() {
        if (storage.journal == null) {
            return;
        }
        sendForced();
        if (storage.journal.dirty()) {
            long ticket = storage.journal.writeOut();
            if (syncer == null) {
                sendAll(held);
            } else {
                forcing.addLast(new Waiting(ticket, new ArrayList<>(held)));
                syncer.request(ticket);
            }
            held.clear();
        } else if (!held.isEmpty()) {
            if (forcing.isEmpty()) {
                sendAll(held);
            } else {
                forcing.peekLast().messages().addAll(held); // after entries still being forced
            }
            held.clear();
        }
    }

    private void sendForced() {
        long forced = syncer == null ? Long.MAX_VALUE : syncer.forced();
        while (!forcing.isEmpty() && forcing.peekFirst().ticket() <= forced) {
            sendAll(forcing.pollFirst().messages());
        }
    }

    private void sendAll(List<Held> messages) {
        for (Held h : messages) {
            if (h.group() == null) {
                transport.send(h.to(), h.message());
            } else {
                transport.multicast(h.group(), h.message());
            }
        }
    }

    private static ReplicaStorage openStorage(Builder b, TransportSettings settings) {
        if (b.dataDir == null) {
            return ReplicaStorage.inMemory();
        }
        try {
            return ReplicaStorage.open(b.dataDir, b.fsync, new MessageCodec(settings.limits()), b.id,
                    b.config.params().windowSize());
        } catch (IOException e) {
            throw new UncheckedIOException("replica " + b.id + ": cannot use its data directory " + b.dataDir
                    + ": " + e.getMessage() + "; move it aside and start the replica with --lost-disk (Builder.lostDisk):"
                    + " it fetches the state from the other replicas", e);
        }
    }

    /** The core's tick unless {@link Builder#tickMillis} says otherwise. */
    public static final long DEFAULT_TICK_MILLIS = 10;

    public static Builder builder() {
        return new Builder();
    }

    /** The transport's messages for the core: all of them, or what a test-only interposer admits. */
    private dev.pbft.protocol.transport.MessageHandler inbound(CoreDriver to) {
        if (interposer == null) {
            return to;
        }
        return (from, message) -> {
            if (interposer.admits(from, message)) {
                to.onMessage(from, message);
            }
        };
    }

    /** On the core's thread, after each tick: publish the status, log connectivity changes. */
    private void afterTick() {
        if (interposer != null) {
            interposer.tick();
        }
        int primary = core.primary();
        if (primary != id) {
            core.reachable(primary, transport.isConnected(primary));
        }
        status = snapshotStatus();
        core.peersConnected(status.peersConnected());
        if (metrics != null && ++ticksSinceSnapshot >= ReplicaMetrics.SNAPSHOT_TICKS) {
            ticksSinceSnapshot = 0;
            metrics.publish(snapshotMetrics());
        }
        if (status.peersConnected() != lastPeers) {
            lastPeers = status.peersConnected();
            LOG.info("replica {}: peers connected {}/{}", id, lastPeers, config.n() - 1);
        }
    }

    private ReplicaMetrics.Snapshot snapshotMetrics() {
        CoreStats c = core.stats();
        TransportStats t = transport.stats();
        int[] queued = new int[config.n()];
        long[] droppedTo = new long[config.n()];
        for (int peer = 0; peer < queued.length; peer++) {
            queued[peer] = peer == id ? 0 : transport.queued(peer);
            droppedTo[peer] = transport.droppedTo(peer);
        }
        return new ReplicaMetrics.Snapshot(status, c.requestsExecuted(), c.batchesExecuted(), c.checkpointsStable(),
                c.viewChangesStarted(), c.viewsInstalled(), c.stateTransfers(), c.statePartitionsFetched(),
                c.readsExecuted(), c.separateFetches(),
                t.framesSent(), t.framesReceived(), driver.dropped(), c.rejected(), t.rejected(), t.dropped(), queued,
                droppedTo);
    }

    private Status snapshotStatus() {
        return new Status(core.view(), core.primary(), core.lastExecuted(), core.lowWaterMark(),
                transport.connectedReplicas());
    }

    /**
     * Completes with the cause if the core failed (a bug, or a service that broke its contract by
     * throwing): the replica then no longer takes part and should be restarted. Never completes
     * otherwise.
     */
    public CompletableFuture<Throwable> failure() {
        return failure;
    }

    public int id() {
        return id;
    }

    /** The latest status, at most one tick old. */
    public Status status() {
        return status;
    }

    /** The core's counters; read them only after {@link #close()} or for rough monitoring. */
    public CoreStats coreStats() {
        return core.stats();
    }

    public TransportStats transportStats() {
        return transport.stats();
    }

    /** Messages dropped because the core fell behind. */
    public long inboxDropped() {
        return driver.dropped();
    }

    public InetSocketAddress listenAddress() {
        return transport.boundAddress();
    }

    /** Stops the core thread and the transport; idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        driver.stop();
        if (syncer != null) {
            syncer.close();
        }
        transport.close();
        try {
            storage.close();
        } catch (IOException e) {
            LOG.warn("replica {}: closing its data directory: {}", id, e.getMessage());
        }
        LOG.info("replica {} stopped: executed up to seq {} (h={}) in view {} ({}); {}; transport {}", id,
                core.lastExecuted(), core.lowWaterMark(), core.view(), core.viewActive() ? "active" : "changing view",
                core.stats(), transport.stats());
    }

    /**
     * Refuses a key pair that is not the one the config lists for replica {@code id}: every peer and
     * client would refuse its connections, and it would only ever look cut off.
     *
     * @throws IllegalArgumentException naming the replica and the config
     */
    public static void checkKeyMatches(ClusterConfig config, int id, NodeKeyPair keys) {
        if (!java.util.Arrays.equals(keys.publicKeyBytes(), config.replica(id).publicKey())) {
            throw new IllegalArgumentException("the private key given for replica " + id + " does not belong to"
                    + " replica." + id + ".public-key in " + config.source() + "; expected the key file written"
                    + " with that public key (keygen)");
        }
    }

    static NodeKeyPair loadKeys(ClusterConfig config, int id) {
        var file = config.replica(id).privateKeyFile().orElseThrow(() -> new IllegalArgumentException(
                "replica." + id + ".private-key-file is not set in " + config.source() + " and no key was given"));
        try {
            return NodeKeyPair.fromPrivate(KeyFiles.readPrivate(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<Integer, NodePublicKey> publicKeys(ClusterConfig config) {
        Map<Integer, NodePublicKey> keys = new HashMap<>();
        config.replicas().forEach(r -> keys.put(r.id(), NodePublicKey.fromBytes(r.publicKey())));
        config.clients().forEach(c -> keys.put(config.clientPrincipal(c.name()), NodePublicKey.fromBytes(c.publicKey())));
        return keys;
    }

    /** Builds and starts a replica. */
    public static final class Builder {
        private ClusterConfig config;
        private int id = -1;
        private NodeKeyPair keys;
        private Service service;
        private long tickMillis = DEFAULT_TICK_MILLIS;
        private int ioThreads = 0;
        private int inboxCapacity = 65_536;
        private Path dataDir;
        private FsyncPolicy fsync = FsyncPolicy.ALWAYS;
        private boolean lostDisk;
        private Interposer interposer;
        private io.micrometer.core.instrument.MeterRegistry meterRegistry;

        /**
         * Registers the replica's meters (requests and batches executed, batch size, view, view
         * changes, checkpoints, state transfers, rejections and drops by reason, queue depths,
         * connected peers; all tagged {@code replica=<id>}) in {@code registry}. Counters and gauges
         * are at most about a second old. Without this call the replica keeps no meters.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        public Builder config(ClusterConfig config) {
            this.config = config;
            return this;
        }

        public Builder id(int id) {
            this.id = id;
            return this;
        }

        /** The replica's key pair; by default read from the config's private-key-file. */
        public Builder keys(NodeKeyPair keys) {
            this.keys = keys;
            return this;
        }

        public Builder service(Service service) {
            this.service = service;
            return this;
        }

        /** Logical clock period of the core; protocol timers count these ticks. */
        public Builder tickMillis(long tickMillis) {
            this.tickMillis = tickMillis;
            return this;
        }

        /**
         * Netty event-loop threads. 0 (the default) runs the core on the transport's single event
         * loop: no handoff between threads, best on small machines. 1 or more gives the core a thread
         * of its own behind a bounded inbox, with MAC checks and decoding in parallel on the IO threads.
         */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        /**
         * Keeps the journal and checkpoint images in {@code dataDir} (created if absent), so that the
         * replica comes back after a crash with its promises, its view and its state; without it the
         * replica runs in memory and forgets everything when it stops.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * This replica took part before but its data directory was lost or damaged: it starts empty
         * and fenced (it votes on nothing it may have voted on before) and fetches the state. The
         * data directory must be empty.
         */
        public Builder lostDisk(boolean lostDisk) {
            this.lostDisk = lostDisk;
            return this;
        }

        /** When the journal and images reach the device; {@link FsyncPolicy#ALWAYS} by default. */
        public Builder fsync(FsyncPolicy fsync) {
            this.fsync = Objects.requireNonNull(fsync);
            return this;
        }

        /**
         * Test-only: makes this replica Byzantine through {@code interposer} (see {@link Interposer}).
         * Nothing in a deployment sets it.
         */
        public Builder testOnlyInterposer(Interposer interposer) {
            this.interposer = interposer;
            return this;
        }

        /** Authenticated messages that may wait for the core before new ones are dropped. */
        public Builder inboxCapacity(int inboxCapacity) {
            this.inboxCapacity = inboxCapacity;
            return this;
        }

        /**
         * Binds the listen address and starts the replica.
         *
         * @throws IllegalArgumentException if the id is not a replica of the config or no key is available
         */
        public Replica start() throws InterruptedException {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(service, "service");
            if (id < 0 || id >= config.n()) {
                throw new IllegalArgumentException("replica id " + id + " is not in the config (0.." + (config.n() - 1) + ")");
            }
            return new Replica(this);
        }
    }
}
