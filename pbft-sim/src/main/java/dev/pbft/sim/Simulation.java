package dev.pbft.sim;

import dev.pbft.client.core.ClientCore;
import dev.pbft.client.core.ClientOutbox;
import dev.pbft.client.core.ClientSettings;
import dev.pbft.client.core.RequestAuthenticator;
import dev.pbft.client.core.ResultListener;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.replica.core.CertificateSigner;
import dev.pbft.replica.core.CoreSettings;
import dev.pbft.replica.core.Outbox;
import dev.pbft.replica.core.ReplicaCore;
import dev.pbft.replica.runtime.MacRequestVerifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * Many replica cores and client cores in one thread, on a virtual network driven by one seeded
 * PRNG: delays (and so reordering), duplicates, lost client messages, crashed backups. The same
 * seed gives the same run, event for event, so a failure is replayed by its seed alone.
 *
 * <p>Replica and client cores are the production classes; only their surroundings are simulated.
 * Client authenticators are real HMACs checked by the replicas.
 */
public final class Simulation {
    /** Crashes happen early, while every run still has most of its work ahead. */
    private static final int CRASH_WINDOW_TICKS = 500;
    private final SimOptions o;
    private final long seed;
    private final Random random;
    private final PriorityQueue<Event> network = new PriorityQueue<>();
    private final List<ReplicaCore> replicas = new ArrayList<>();
    private final List<Executions> executions = new ArrayList<>();
    private final List<ClientCore> clients = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();
    private final int[] remaining;
    private final Map<String, ClientOp> ops = new HashMap<>();
    private final List<ClientOp> opsInOrder = new ArrayList<>();
    private final Map<Integer, Map<Long, Bytes>> executedDigests = new HashMap<>();
    private final Set<Integer> crashed = new HashSet<>();
    private final Map<Long, List<Integer>> crashAt = new HashMap<>();
    private long now;
    private long order;
    private long delivered;
    private long trace = 1125899906842597L;

    public Simulation(SimOptions options, long seed) {
        this.o = options;
        this.seed = seed;
        this.random = new Random(seed);
        this.remaining = new int[options.clients()];
        Arrays.fill(remaining, options.opsPerClient());
        SimKeys keys = new SimKeys(options.n() + options.clients(), seed);
        for (int i = 0; i < options.n(); i++) {
            buildReplica(i, keys.keyring(i), keys.signer(i, options.n()));
        }
        for (int c = 0; c < options.clients(); c++) {
            buildClient(c, keys.keyring(options.n() + c));
        }
        scheduleCrashes();
    }

    private void buildReplica(int id, MacKeyring keyring, CertificateSigner signer) {
        var settings = new CoreSettings(id, o.n(), o.f(), o.n() + o.clients(), o.windowSize(), o.checkpointInterval(),
                16, 1 << 20, 4, 8, p -> "c" + (p - o.n()), new CoreSettings.Timeouts(400, 800, 40));
        Executions service = new Executions();
        executions.add(service);
        executedDigests.put(id, new HashMap<>());
        replicas.add(new ReplicaCore(settings, service, new MacRequestVerifier(id, o.n(), keyring), signer, new Outbox() {
            @Override
            public void send(int to, Message message) {
                transmit(id, to, message);
            }

            @Override
            public void multicast(int[] to, Message message) {
                for (int t : to) {
                    transmit(id, t, message);
                }
            }

            @Override
            public void executed(long seq, Bytes digest, List<Request> batch) {
                executedDigests.get(id).put(seq, digest);
            }
        }));
    }

    private void buildClient(int index, MacKeyring keyring) {
        int self = o.n() + index;
        var settings = new ClientSettings(self, o.n(), o.f(), 1, 1, 50, 400, o.maxTicks(), o.outstandingPerClient());
        ClientOutbox outbox = new ClientOutbox() {
            @Override
            public void send(int replica, Request request) {
                transmit(self, replica, request);
            }

            @Override
            public void multicast(int[] replicas, Request request) {
                for (int r : replicas) {
                    transmit(self, r, request);
                }
            }
        };
        clients.add(new ClientCore(settings, RequestAuthenticator.macs(keyring, o.n()), outbox));
        workloads.add(new Workload(seed * 31 + index, o.keys(), "c" + index));
    }

    private void scheduleCrashes() {
        List<Integer> backups = new ArrayList<>();
        for (int i = 1; i < o.n(); i++) {
            backups.add(i);
        }
        java.util.Collections.shuffle(backups, random);
        for (int i = 0; i < o.backupCrashes(); i++) {
            crashAt.computeIfAbsent((long) random.nextInt(CRASH_WINDOW_TICKS), t -> new ArrayList<>()).add(backups.get(i));
        }
    }

    private void transmit(int from, int to, Message m) {
        boolean clientLink = from >= o.n() || to >= o.n();
        if (clientLink && random.nextInt(100) < o.clientDropPercent()) {
            return;
        }
        network.add(new Event(now + 1 + random.nextInt(o.maxDelayTicks()), order++, from, to, m));
        if (random.nextInt(100) < o.duplicatePercent()) {
            network.add(new Event(now + 1 + random.nextInt(o.maxDelayTicks()), order++, from, to, m));
        }
    }

    /**
     * Also crashes {@code replica} from the start, beyond the options' fault budget: for tests that
     * check the checkers themselves.
     */
    Simulation crashAlso(int replica) {
        crashed.add(replica);
        return this;
    }

    /** Crashes {@code replica} at tick {@code tick}, beyond the options' crash schedule. */
    Simulation crashAt(int replica, long tick) {
        crashAt.computeIfAbsent(tick, t -> new ArrayList<>()).add(replica);
        return this;
    }

    /** Runs until every client finished its operations or time ran out, then checks the run. */
    public SimResult run() {
        while (now < o.maxTicks() && !allDone()) {
            crashed.addAll(crashAt.getOrDefault(now, List.of()));
            Event e;
            while ((e = network.peek()) != null && e.time() <= now) {
                network.poll();
                deliver(e);
            }
            for (int i = 0; i < replicas.size(); i++) {
                if (!crashed.contains(i)) {
                    replicas.get(i).flush();
                    replicas.get(i).tick();
                }
            }
            for (int c = 0; c < clients.size(); c++) {
                clients.get(c).tick();
                submitWhileRoom(c);
            }
            now++;
        }
        return new SimResult(seed, o, now, delivered, trace, Checks.run(this));
    }

    private void deliver(Event e) {
        if (crashed.contains(e.to()) || crashed.contains(e.from())) {
            return;
        }
        delivered++;
        trace = trace * 1_000_003 + e.time() * 31 + e.from() * 17 + e.to() + e.message().hashCode();
        if (e.to() < o.n()) {
            replicas.get(e.to()).step(e.from(), e.message());
        } else if (e.message() instanceof Reply r) {
            clients.get(e.to() - o.n()).onReply(e.from(), r);
        }
    }

    private void submitWhileRoom(int c) {
        ClientCore client = clients.get(c);
        while (remaining[c] > 0 && client.canSubmit()) {
            remaining[c]--;
            Bytes op = workloads.get(c).next();
            String name = "c" + c;
            long timestamp = client.nextTimestamp();
            ClientOp record = new ClientOp(name, timestamp, op, now);
            ops.put(name + "/" + timestamp, record);
            opsInOrder.add(record);
            client.submit(op, new ResultListener() {
                @Override
                public void completed(long ts, Bytes result) {
                    record.result = result;
                    record.returnedAt = now;
                }

                @Override
                public void failed(long ts, String reason) {
                    record.failure = reason;
                    record.returnedAt = now;
                }
            });
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

    // ---- read by the checkers ----

    SimOptions options() {
        return o;
    }

    List<Executions> executions() {
        return executions;
    }

    Map<Integer, Map<Long, Bytes>> executedDigests() {
        return executedDigests;
    }

    Set<Integer> crashedReplicas() {
        return crashed;
    }

    ClientOp op(String client, long timestamp) {
        return ops.get(client + "/" + timestamp);
    }

    List<ClientOp> ops() {
        return opsInOrder;
    }

    List<ReplicaCore> replicas() {
        return replicas;
    }
}
