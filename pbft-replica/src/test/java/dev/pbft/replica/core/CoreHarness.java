package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.replica.service.KvService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * n replica cores wired through one FIFO queue, delivered synchronously: enough to check the
 * protocol rules one message at a time. Client principals are n..n+clients-1.
 */
final class CoreHarness {
    record Envelope(int from, int to, Message message) {
    }

    final int n;
    final int f;
    final List<ReplicaCore> cores = new ArrayList<>();
    final List<KvService> services = new ArrayList<>();
    /** What survives a crash of each replica: its journal and checkpoint images. */
    final List<MemoryJournal> journals = new ArrayList<>();
    final List<MemoryCheckpointImages> images = new ArrayList<>();
    private final List<CoreSettings> settingsOf = new ArrayList<>();
    private final List<Outbox> outboxes = new ArrayList<>();
    private final java.util.function.IntFunction<RequestVerifier> verifiers;
    final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    final List<Envelope> toClients = new ArrayList<>();
    final Set<Integer> crashed = new HashSet<>();
    /** Each {@link Outbox#clientOverBudget} call, as (replica, client). */
    final List<Envelope> overBudget = new ArrayList<>();
    Predicate<Envelope> drop = e -> false;
    /** Rewrites a message in flight, as a faulty sender would; identity by default. */
    UnaryOperator<Envelope> alter = e -> e;

    CoreHarness(int n, int f, int clients, int windowSize, int checkpointInterval, RequestVerifier verifier) {
        this(n, f, clients, windowSize, checkpointInterval, (java.util.function.IntFunction<RequestVerifier>) i -> verifier,
                true, false, false, false, 0);
    }

    /** Clients send to the primary alone, which relays ({@code request.relay = 1}). */
    static CoreHarness withRelay(int n, int f) {
        return new CoreHarness(n, f, 2, 64, 8, i -> RequestVerifier.ACCEPT_ALL, true, true, false, false, 0);
    }

    /** Relayed requests, answered by f+1 designated backups ({@code reply.designated = 1}, the default). */
    static CoreHarness withDesignatedReplies(int n, int f) {
        return new CoreHarness(n, f, 2, 64, 8, i -> RequestVerifier.ACCEPT_ALL, true, true, true, false, 0);
    }

    /** Relayed requests, one replica answering whole and the others by digest ({@code reply.digests = 1}). */
    static CoreHarness withDigestReplies(int n, int f, boolean designated) {
        return new CoreHarness(n, f, 2, 64, 8, i -> RequestVerifier.ACCEPT_ALL, true, true, designated, true, 0);
    }

    /** Clients may send read-only requests ({@code request.read-only = 1}), checked by {@code verifier}. */
    static CoreHarness withReadOnly(int n, int f, RequestVerifier verifier) {
        return new CoreHarness(n, f, 2, 64, 8, i -> verifier, true, false, false, false, true, 0, false);
    }

    /** Each replica checks client authenticators with its own verifier: a client may spoil some MACs only. */
    static CoreHarness withVerifiers(int n, int f, java.util.function.IntFunction<RequestVerifier> verifiers) {
        return new CoreHarness(n, f, 2, 64, 8, verifiers, true, false, false, false, 0);
    }

    /** Trusted clients ({@code request.endorsements = 0}): the primary orders what it checked itself. */
    static CoreHarness withoutEndorsements(int n, int f, java.util.function.IntFunction<RequestVerifier> verifiers) {
        return new CoreHarness(n, f, 2, 64, 8, verifiers, false, false, false, false, 0);
    }

    /**
     * Requests of at least {@code bytes} travel in PRE-PREPAREs by digest ({@code request.separate.bytes.min});
     * clients send to the primary alone, which relays, when {@code relay}.
     */
    static CoreHarness withSeparateRequests(int n, int f, int bytes, boolean relay) {
        return new CoreHarness(n, f, 2, 64, 8, i -> RequestVerifier.ACCEPT_ALL, true, relay, false, false, bytes);
    }

    /**
     * Clients send to the primary alone, which relays, and its PRE-PREPAREs name the requests it
     * relayed by digest ({@code request.relayed.digests = 1}).
     */
    static CoreHarness withRelayedDigests(int n, int f) {
        return new CoreHarness(n, f, 2, 64, 8, i -> RequestVerifier.ACCEPT_ALL, true, true, false, false, false, 0, true);
    }

    private CoreHarness(int n, int f, int clients, int windowSize, int checkpointInterval,
                        java.util.function.IntFunction<RequestVerifier> verifiers, boolean endorse, boolean relay,
                        boolean designated, boolean digests, int separateBytesMin) {
        this(n, f, clients, windowSize, checkpointInterval, verifiers, endorse, relay, designated, digests, false,
                separateBytesMin, false);
    }

    private CoreHarness(int n, int f, int clients, int windowSize, int checkpointInterval,
                        java.util.function.IntFunction<RequestVerifier> verifiers, boolean endorse, boolean relay,
                        boolean designated, boolean digests, boolean readOnly, int separateBytesMin,
                        boolean relayedDigests) {
        this.n = n;
        this.f = f;
        this.verifiers = verifiers;
        for (int i = 0; i < n; i++) {
            var settings = new CoreSettings(i, n, f, n + clients, windowSize, checkpointInterval, 16, 1 << 20, 4, 8,
                    p -> "c" + (p - n), new CoreSettings.Timeouts(200, 400, 20), endorse, relay, designated,
                    digests, readOnly, separateBytesMin, relayedDigests);
            KvService service = new KvService();
            services.add(service);
            int self = i;
            settingsOf.add(settings);
            journals.add(new MemoryJournal());
            images.add(new MemoryCheckpointImages());
            outboxes.add(new Outbox() {
                @Override
                public void send(int to, Message message) {
                    enqueue(self, to, message);
                }

                @Override
                public void multicast(int[] to, Message message) {
                    for (int t : to) {
                        enqueue(self, t, message);
                    }
                }

                @Override
                public void clientOverBudget(int client) {
                    overBudget.add(new Envelope(self, client, null));
                }
            });
            cores.add(newCore(i, service));
        }
    }

    private ReplicaCore newCore(int i, KvService service) {
        return new ReplicaCore(settingsOf.get(i), service, verifiers.apply(i), new FakeSigner(i), outboxes.get(i),
                images.get(i), journals.get(i));
    }

    /**
     * Replica {@code i} starts again with a new, empty service and no memory: from its journal and
     * images, or (diskLost) from nothing at all.
     */
    void restart(int i, boolean diskLost) {
        KvService service = new KvService();
        services.set(i, service);
        if (diskLost) {
            journals.set(i, new MemoryJournal());
            images.set(i, new MemoryCheckpointImages());
        }
        cores.set(i, newCore(i, service));
        if (diskLost) {
            cores.get(i).recoverWithoutDisk();
        } else {
            cores.get(i).recover(journals.get(i).entries());
        }
        crashed.remove(i);
    }

    CoreHarness(int n, int f) {
        this(n, f, 2, 64, 8, RequestVerifier.ACCEPT_ALL);
    }

    private void enqueue(int from, int to, Message m) {
        Envelope e = new Envelope(from, to, m);
        if (to >= n) {
            toClients.add(e);
        } else {
            queue.add(e);
        }
    }

    /**
     * A client's request as a client sends it: to every live replica, {@code replica} first, each
     * copy one burst of input. The replicas endorse it to each other, and the primary orders it once
     * 2f+1 have.
     */
    void submit(int replica, int from, Request request) {
        sendOnly(replica, from, request);
        for (int i = 0; i < cores.size(); i++) {
            if (i != replica && !crashed.contains(i)) {
                sendOnly(i, from, request);
            }
        }
    }

    /** A client's request arriving at {@code replica} alone, as one burst of input. */
    void sendOnly(int replica, int from, Request request) {
        cores.get(replica).step(from, request);
        cores.get(replica).flush();
    }

    void deliverAll() {
        Envelope e;
        while ((e = queue.poll()) != null) {
            if (!crashed.contains(e.to()) && !crashed.contains(e.from()) && !drop.test(e)) {
                Envelope delivered = alter.apply(e);
                cores.get(e.to()).step(delivered.from(), delivered.message());
                cores.get(e.to()).flush();
                cores.get(e.to()).checkInvariants();
            }
        }
    }

    /** {@code ticks} ticks of logical time for every live replica, delivering after each. */
    void tick(int ticks) {
        for (int t = 0; t < ticks; t++) {
            for (int i = 0; i < cores.size(); i++) {
                if (!crashed.contains(i)) {
                    cores.get(i).tick();
                }
            }
            deliverAll();
        }
    }

    /** A client's request sent to every live replica, as a client does after its retransmit timeout. */
    void broadcast(int from, Request request) {
        for (int i = 0; i < cores.size(); i++) {
            if (!crashed.contains(i)) {
                sendOnly(i, from, request);
            }
        }
    }

    static Request put(int client, long timestamp, String key, String value) {
        byte[] op = KvCodec.encode(new KvOp.Put(Bytes.utf8(key), Bytes.utf8(value)));
        return new Request(client, timestamp, Bytes.wrap(op), false, Bytes.EMPTY);
    }

    /** Replies the client has from distinct replicas for {@code timestamp}. */
    List<Reply> replies(int client, long timestamp) {
        List<Reply> out = new ArrayList<>();
        for (Envelope e : toClients) {
            if (e.to() == client && e.message() instanceof Reply r && r.timestamp() == timestamp) {
                out.add(r);
            }
        }
        return out;
    }
}
