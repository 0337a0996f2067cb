package dev.pbft.sim;

import dev.pbft.client.core.ClientCore;
import dev.pbft.client.core.ClientOutbox;
import dev.pbft.client.core.ClientSettings;
import dev.pbft.client.core.RequestAuthenticator;
import dev.pbft.client.core.ResultListener;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvResult;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.replica.core.CertificateSigner;
import dev.pbft.replica.core.CoreSettings;
import dev.pbft.replica.core.MemoryCheckpointImages;
import dev.pbft.replica.core.MemoryJournal;
import dev.pbft.replica.core.RequestVerifier;
import dev.pbft.replica.core.Outbox;
import dev.pbft.replica.core.ReplicaCore;
import dev.pbft.replica.runtime.MacRequestVerifier;
import dev.pbft.replica.service.KvService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Many replica cores and client cores in one thread, on a virtual network driven by one seeded
 * PRNG, under the faults of a {@link Scenario}: Byzantine replicas (decorated outboxes, twins),
 * crashes of any replica, and loss, duplicates, delays and partitions on every link during the
 * fault phase. The same seed gives the same run, event for event, so a failure is replayed by its
 * seed alone.
 *
 * <p>Replica and client cores are the production classes; only their surroundings are simulated.
 * Client authenticators are real HMACs checked by the replicas; VIEW-CHANGEs are really signed.
 * Safety is checked as the run goes ({@link SafetyMonitor}, the core's own invariants after every
 * step of a correct replica); the rest when it ends ({@link Checks}).
 */
public final class Simulation {
    /** One core: a replica identity has one, or two if it is twinned. */
    static final class Node {
        final int id;
        final int instance;
        Executions service = new Executions();
        /** What survives a crash: the journal and the checkpoint images (its disk). */
        final MemoryJournal journal = new MemoryJournal();
        MemoryCheckpointImages images = new MemoryCheckpointImages();
        CoreSettings settings;
        RequestVerifier verifier;
        CertificateSigner signer;
        Outbox outbox;
        final ByzantineOutbox byzantine;
        final boolean correct;
        ReplicaCore core;
        boolean invariantReported;

        Node(int id, int instance, ByzantineOutbox byzantine, boolean correct) {
            this.id = id;
            this.instance = instance;
            this.byzantine = byzantine;
            this.correct = correct;
        }
    }

    private static final CoreSettings.Timeouts TIMEOUTS = new CoreSettings.Timeouts(400, 800, 40);
    private final SimOptions o;
    private final FaultyClient faultyClient;
    private final MacKeyring faultyKeyring;
    private final long[] faultyTimestamp = {0};
    private final long seed;
    private final Scenario scenario;
    private final Random random;
    private final PriorityQueue<Event> network = new PriorityQueue<>();
    private final Node[][] nodes;
    private final List<ClientCore> clients = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();
    private final int[] remaining;
    private final Map<String, ClientOp> ops = new LinkedHashMap<>();
    private final List<ClientOp> opsInOrder = new ArrayList<>();
    private final SafetyMonitor monitor = new SafetyMonitor();
    private final Set<Integer> crashed = new TreeSet<>();
    private final TreeMap<Long, List<Integer>> crashAt = new TreeMap<>();
    private final TreeMap<Long, List<Integer>> restartAt = new TreeMap<>();
    private final Set<Integer> restarted = new TreeSet<>();
    private long restarts;
    private final Set<String> droppedRequests = new TreeSet<>();
    /** Messages put on the network, by type, for tests that check which path a run took. */
    private final java.util.Map<Class<?>, Long> sentByType = new java.util.HashMap<>();
    private final Map<Integer, Long> misreportAt = new TreeMap<>();
    private String plantedClientResult;
    private boolean staleReads;
    /** Tells the workload's GETs from its writes, as the replicas' service does. */
    private static final KvService READS = new KvService(1, 1);
    private static final Bytes NOT_FOUND = Bytes.wrap(KvCodec.encodeResult(KvResult.notFound()));
    private int plantedInvariantReplica = -1;
    private long plantedInvariantTick;
    private long now;
    private long order;
    private long delivered;
    private long maxView;
    private long trace = 1125899906842597L;

    /** The run of seed {@code seed}: its scenario is {@link Scenario#generate} of the seed. */
    public Simulation(SimOptions options, long seed) {
        this(options, Scenario.generate(options, seed), seed);
    }

    public Simulation(SimOptions options, Scenario scenario, long seed) {
        this(options, scenario, seed, null);
    }

    /**
     * The run of {@code scenario} with, if not null, {@code faulty}: an extra client principal
     * (n + clients) that misbehaves until the workload is done; the checkers leave it out.
     */
    public Simulation(SimOptions options, Scenario scenario, long seed, FaultyClient faulty) {
        this.faultyClient = faulty;
        this.o = options;
        this.seed = seed;
        this.scenario = scenario;
        this.random = new Random(seed);
        this.remaining = new int[options.clients()];
        Arrays.fill(remaining, options.opsPerClient());
        scenario.crashes().forEach((id, tick) -> crashAt.computeIfAbsent(tick, t -> new ArrayList<>()).add(id));
        scenario.restarts().forEach((id, tick) -> restartAt.computeIfAbsent(tick, t -> new ArrayList<>()).add(id));
        SimKeys keys = new SimKeys(options.n() + options.clients() + 1, seed);
        this.faultyKeyring = keys.keyring(options.n() + options.clients());
        this.nodes = new Node[options.n()][];
        for (int i = 0; i < options.n(); i++) {
            buildReplica(i, keys.keyring(i), keys.signer(i, options.n()));
        }
        for (int c = 0; c < options.clients(); c++) {
            buildClient(c, keys.keyring(options.n() + c));
        }
    }

    private void buildReplica(int id, MacKeyring keyring, CertificateSigner signer) {
        Behaviour b = scenario.byzantine().get(id);
        nodes[id] = new Node[b == Behaviour.TWINS ? 2 : 1];
        for (int instance = 0; instance < nodes[id].length; instance++) {
            ByzantineOutbox byz = b == null || b == Behaviour.TWINS ? null
                    : new ByzantineOutbox(id, b, ByzantineOutbox.Group.of(o), TIMEOUTS.requestTicks(),
                    new Random(seed * 1_000_003L + id), this::transmit, signer);
            Node node = new Node(id, instance, byz, b == null);
            var settings = new CoreSettings(id, o.n(), o.f(), o.n() + o.clients() + 1, o.windowSize(),
                    o.checkpointInterval(), 16, 1 << 20, 4, 8, p -> "c" + (p - o.n()), TIMEOUTS, true, o.relay(),
                    o.designatedReplies(), o.digestReplies(),
                    o.readOnly(), o.separateBytesMin(), o.relay() && o.relayedDigests());
            node.settings = settings;
            node.verifier = new MacRequestVerifier(id, o.n(), keyring);
            node.signer = signer;
            node.outbox = byz != null ? byz : correctOutbox(node);
            node.core = newCore(node);
            if (byz != null) {
                byz.attach(node.core);
            }
            nodes[id][instance] = node;
        }
    }

    private static ReplicaCore newCore(Node node) {
        return new ReplicaCore(node.settings, node.service, node.verifier, node.signer, node.outbox, node.images,
                node.journal);
    }

    /**
     * Starts crashed replica {@code id} again with what a real one finds on its disk: a new core and
     * a new, empty service, recovered from the journal and checkpoint images it kept.
     */
    private void restart(int id) {
        crashed.remove(id);
        for (Node node : nodes[id]) {
            node.service = new Executions(node.service);
            boolean diskLost = scenario.diskLost().contains(id);
            if (diskLost) {
                node.journal.clear();
                node.images = new MemoryCheckpointImages();
            }
            node.core = newCore(node);
            guarded(node, diskLost ? node.core::recoverWithoutDisk : () -> node.core.recover(node.journal.entries()));
            if (node.byzantine != null) {
                node.byzantine.attach(node.core);
            }
        }
        restarted.add(id);
        restarts++;
    }

    /** The outbox of a correct replica (or of a twin, whose reports the monitor ignores). */
    private Outbox correctOutbox(Node node) {
        int id = node.id;
        return new Outbox() {
            @Override
            public void send(int to, Message message) {
                transmit(id, to, message, 0);
            }

            @Override
            public void multicast(int[] to, Message message) {
                for (int t : to) {
                    transmit(id, t, message, 0);
                }
            }

            @Override
            public void executed(long seq, Bytes digest, List<Request> batch) {
                if (node.correct) {
                    boolean misreport = misreportAt.getOrDefault(id, -1L) == seq;
                    monitor.executed(id, seq, misreport ? Bytes.utf8("planted") : digest, now);
                }
            }

            @Override
            public void checkpointTaken(long seq, Bytes stateDigest) {
                if (node.correct) {
                    monitor.checkpointTaken(id, seq, stateDigest, now);
                }
            }

            @Override
            public void stateDiverged(long seq, Bytes own, Bytes stable) {
                if (node.correct) {
                    monitor.stateDiverged(id, seq, now);
                }
            }

            @Override
            public void viewInstalled(long view, int primary) {
                if (node.correct) {
                    maxView = Math.max(maxView, view);
                }
            }
        };
    }

    private void buildClient(int index, MacKeyring keyring) {
        int self = o.n() + index;
        var settings = new ClientSettings(self, o.n(), o.f(), 1, 1, 50, 400, o.maxTicks(), o.outstandingPerClient(),
                !o.relay(), o.separateBytesMin(), o.readOnly());
        ClientOutbox outbox = new ClientOutbox() {
            @Override
            public void send(int replica, Request request) {
                transmit(self, replica, request, 0);
            }

            @Override
            public void multicast(int[] replicas, Request request) {
                for (int r : replicas) {
                    transmit(self, r, request, 0);
                }
            }
        };
        clients.add(new ClientCore(settings, RequestAuthenticator.macs(keyring, o.n()), outbox));
        workloads.add(new Workload(seed * 31 + index, o.keys(), "c" + index));
    }

    /** Puts {@code m} on the network: once per core of the receiver, each copy lost, delayed, duplicated on its own. */
    private void transmit(int from, int to, Message m, long extraDelay) {
        if (m instanceof Request r && from == r.client() && droppedRequests.contains(r.client() + "/" + r.timestamp())) {
            return;
        }
        sentByType.merge(m.getClass(), 1L, Long::sum);
        NetworkFaults net = scenario.network();
        int copies = to < o.n() ? nodes[to].length : 1;
        for (int instance = 0; instance < copies; instance++) {
            if (net.lost(from, to, now, random)) {
                continue;
            }
            network.add(new Event(now + extraDelay + net.delay(random), order++, from, to, instance, m));
            if (net.duplicated(random)) {
                network.add(new Event(now + extraDelay + net.delay(random), order++, from, to, instance, m));
            }
        }
    }

    /** How many messages of {@code type} the run put on the network, lost ones included. */
    long sent(Class<? extends Message> type) {
        return sentByType.getOrDefault(type, 0L);
    }

    /**
     * Also crashes {@code replica} from the start, beyond the scenario's fault budget: for tests
     * that check the checkers themselves.
     */
    Simulation crashAlso(int replica) {
        crashed.add(replica);
        return this;
    }

    /** Crashes {@code replica} at tick {@code tick}, beyond the scenario's crashes. */
    Simulation crashAt(int replica, long tick) {
        crashAt.computeIfAbsent(tick, t -> new ArrayList<>()).add(replica);
        return this;
    }

    // ---- test-only planted bugs, so each checker is seen to fire ----

    /** Correct replica {@code replica}'s service silently returns another result at {@code seq}. */
    Simulation plantWrongResult(int replica, long seq) {
        nodes[replica][0].service.plantWrongResultAt = seq;
        return this;
    }

    /** Correct replica {@code replica}'s service runs an operation no client sent at {@code seq}. */
    Simulation plantOtherOperation(int replica, long seq) {
        nodes[replica][0].service.plantOtherOperationAt = seq;
        return this;
    }

    /** Correct replica {@code replica}'s service runs the operation at {@code seq} twice. */
    Simulation plantTwice(int replica, long seq) {
        nodes[replica][0].service.plantTwiceAt = seq;
        return this;
    }

    /** Replica {@code replica} is reported to execute another batch at {@code seq} than it did. */
    Simulation plantOtherBatch(int replica, long seq) {
        misreportAt.put(replica, seq);
        return this;
    }

    /** Client {@code client}'s operation {@code timestamp} returns a result no replica computed. */
    Simulation plantClientResult(int client, long timestamp) {
        plantedClientResult = "c" + client + "/" + timestamp;
        return this;
    }

    /** Every read on the read-only path returns "not found", as a replica that never executed a write would say. */
    Simulation plantStaleReads() {
        staleReads = true;
        return this;
    }

    /** Client {@code client}'s request {@code timestamp} never leaves the client: a dropped operation. */
    Simulation plantDroppedRequest(int client, long timestamp) {
        droppedRequests.add((o.n() + client) + "/" + timestamp);
        return this;
    }

    /** Correct replica {@code replica}'s invariant check fails from tick {@code tick} on. */
    Simulation plantInvariantFailure(int replica, long tick) {
        plantedInvariantReplica = replica;
        plantedInvariantTick = tick;
        return this;
    }

    /** Runs until every client finished its operations or time ran out, then checks the run. */
    public SimResult run() {
        while (now < o.maxTicks() && !allDone()) {
            step(true);
        }
        // A replica that came back is given the liveness bound to reach the others, work or not.
        for (long settle = now + o.livenessBoundTicks(); now < settle && !restartedCaughtUp(); ) {
            step(false);
        }
        List<String> violations = new ArrayList<>(monitor.violations());
        violations.addAll(Checks.run(this));
        return new SimResult(seed, o, scenario, now, delivered, trace, maxView, correctStats(), violations);
    }

    /**
     * Whether every restarted replica still running has reached the group's last stable checkpoint.
     * Not its last executed batch: a replica that restarts in a view the others never moved to
     * cannot take part in agreement until the next view change, and follows meanwhile from
     * checkpoint to checkpoint by state transfer, as PBFT specifies.
     */
    boolean restartedCaughtUp() {
        return laggingRestarted().isEmpty();
    }

    /** Restarted, running replicas below the group's last stable checkpoint, with how far each got. */
    Map<Integer, Long> laggingRestarted() {
        long furthest = 0;
        for (int r : correctReplicas()) {
            if (!crashed.contains(r)) {
                furthest = Math.max(furthest, nodes[r][0].core.lowWaterMark());
            }
        }
        Map<Integer, Long> lagging = new TreeMap<>();
        for (int r : restarted) {
            long executed = nodes[r][0].core.lastExecuted();
            if (!crashed.contains(r) && executed < furthest) {
                lagging.put(r, executed);
            }
        }
        return lagging;
    }

    private void step(boolean submit) {
        {
            List<Integer> crashing = crashAt.get(now);
            if (crashing != null) {
                crashed.addAll(crashing);
            }
            restartAt.getOrDefault(now, List.of()).forEach(this::restart);
            Event e;
            while ((e = network.peek()) != null && e.time() <= now) {
                network.poll();
                deliver(e);
            }
            for (Node[] instances : nodes) {
                for (Node node : instances) {
                    if (!crashed.contains(node.id)) {
                        guarded(node, () -> {
                            node.core.flush();
                            node.core.tick();
                        });
                    }
                }
            }
            for (int c = 0; c < clients.size(); c++) {
                clients.get(c).tick();
                if (submit) {
                    submitWhileRoom(c);
                }
            }
            if (faultyClient != null && submit) {
                int self = o.n() + o.clients();
                faultyClient.tick(self, o.n(), faultyKeyring, faultyTimestamp, r -> {
                    for (int to = 0; to < o.n(); to++) {
                        transmit(self, to, r, 0);
                    }
                });
            }
            now++;
        }
    }

    private void deliver(Event e) {
        if (crashed.contains(e.to()) || crashed.contains(e.from())) {
            return;
        }
        delivered++;
        trace = trace * 1_000_003 + e.time() * 31 + e.from() * 17 + e.to() * 7 + e.instance() + e.message().hashCode();
        if (e.to() < o.n()) {
            Node node = nodes[e.to()][e.instance()];
            if (node.byzantine == null || node.byzantine.admits(e.from(), e.message())) {
                guarded(node, () -> node.core.step(e.from(), e.message()));
            }
        } else if (e.message() instanceof Reply r && e.to() - o.n() < clients.size()) { // not the faulty client's
            clients.get(e.to() - o.n()).onReply(e.from(), r);
        }
    }

    /**
     * Runs one input of {@code node}'s core, then its invariants if it is correct. The core promises
     * never to throw; if it does, or an invariant breaks, that is recorded (once per core) as a
     * violation at this tick.
     */
    private void guarded(Node node, Runnable input) {
        try {
            input.run();
            if (node.correct && node.id == plantedInvariantReplica && now >= plantedInvariantTick) {
                throw new IllegalStateException("planted invariant failure");
            }
            if (node.correct) {
                node.core.checkInvariants();
            }
        } catch (RuntimeException ex) {
            if (!node.invariantReported) {
                node.invariantReported = true;
                StackTraceElement top = ex.getStackTrace().length > 0 ? ex.getStackTrace()[0] : null;
                monitor.invariantBroken(node.id, ex + (top == null ? "" : " at " + top), now);
            }
        }
    }

    private void submitWhileRoom(int c) {
        ClientCore client = clients.get(c);
        while (remaining[c] > 0 && client.canSubmit()) {
            remaining[c]--;
            Bytes op = workloads.get(c).next();
            String name = "c" + c;
            long timestamp = client.nextTimestamp();
            boolean read = o.readOnly() && READS.isReadOnly(op.toArray());
            ClientOp record = new ClientOp(name, timestamp, op, now, read);
            boolean planted = (name + "/" + timestamp).equals(plantedClientResult);
            ops.put(name + "/" + timestamp, record);
            opsInOrder.add(record);
            ResultListener listener = new ResultListener() {
                @Override
                public void completed(long ts, Bytes result) {
                    record.result = planted ? Bytes.utf8("planted") : read && staleReads ? NOT_FOUND : result;
                    record.returnedAt = now;
                }

                @Override
                public void failed(long ts, String reason) {
                    record.failure = reason;
                    record.returnedAt = now;
                }
            };
            if (read) {
                client.submitReadOnly(op, listener);
            } else {
                client.submit(op, listener);
            }
        }
    }

    private boolean allDone() {
        for (int c = 0; c < clients.size(); c++) {
            if (remaining[c] > 0 || clients.get(c).outstanding() > 0) {
                return false;
            }
        }
        return true;
    }

    /** The correct cores' counters, summed: how much of the scenario's mischief they saw and refused. */
    private String correctStats() {
        TreeMap<String, Long> sum = new TreeMap<>();
        for (int r : correctReplicas()) {
            var stats = nodes[r][0].core.stats();
            sum.merge("state-transfers", stats.stateTransfers(), Long::sum);
            sum.merge("state-partitions-fetched", stats.statePartitionsFetched(), Long::sum);
            sum.merge("state-source-faults", stats.stateSourceFaults(), Long::sum);
            sum.merge("views-installed", stats.viewsInstalled(), Long::sum);
            stats.timeouts().forEach((k, v) -> sum.merge("timeout:" + k, v, Long::sum));
            stats.rejected().forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        sum.put("restarts", restarts);
        return sum.toString();
    }

    // ---- read by the checkers ----

    SimOptions options() {
        return o;
    }

    Scenario scenario() {
        return scenario;
    }

    long now() {
        return now;
    }

    /** Replicas whose executions the checkers trust: every replica not Byzantine (a crashed one was correct until it stopped). */
    List<Integer> correctReplicas() {
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < o.n(); r++) {
            if (!scenario.isByzantine(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whether {@code replica} was crashed when the run ended. */
    boolean crashed(int replica) {
        return crashed.contains(replica);
    }

    /** The faulty client's name, as executions record it. */
    String faultyClientName() {
        return "c" + o.clients();
    }

    /** Requests of the faulty client that correct replicas executed. */
    public long faultyClientExecutions() {
        long count = 0;
        for (int r : correctReplicas()) {
            count += executions(r).log.stream().filter(e -> e.client().equals(faultyClientName())).count();
        }
        return count;
    }

    Executions executions(int replica) {
        return nodes[replica][0].service;
    }

    int unsubmitted(int client) {
        return remaining[client];
    }

    ClientOp op(String client, long timestamp) {
        return ops.get(client + "/" + timestamp);
    }

    List<ClientOp> ops() {
        return opsInOrder;
    }

    /** Replica {@code replica}'s core (the first, if twinned). */
    ReplicaCore replica(int replica) {
        return nodes[replica][0].core;
    }
}
