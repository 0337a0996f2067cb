package dev.pbft.client;

import dev.pbft.client.core.ClientCore;
import dev.pbft.client.core.ClientOutbox;
import dev.pbft.client.core.ClientSettings;
import dev.pbft.client.core.RequestAuthenticator;
import dev.pbft.client.core.ResultListener;
import dev.pbft.config.ClusterConfig;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.StatusReport;
import dev.pbft.protocol.transport.NettyTransport;
import dev.pbft.protocol.transport.TransportSettings;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PBFT client on Netty: sends operations to the replicated service and returns the result that
 * f+1 replicas agree on. Build one with {@code PbftClient.builder().config(c).client("c0").build()}.
 *
 * <p>One event-loop thread owns the protocol state ({@link ClientCore}): submissions, replies read
 * from the connections, and ticks every {@code tickMillis} all run on it (a thread of its own, or
 * one shared with other clients, see {@link ClientResources}). New requests go to the presumed
 * primary alone, which relays them ({@code request.relay = 1}, or {@code request.endorsements = 0}),
 * or else to every replica; they are re-sent to all replicas after {@code client.retransmit.millis}
 * (then at doubling intervals), and fail after {@code client.timeout.millis}. While the replicas
 * replace a faulty primary (a view change) requests keep being retransmitted; they fail only at
 * their own timeout.
 *
 * <p>Exactly-once window: the timestamps of the requests in flight always span fewer than
 * {@code client.outstanding.max} (W) values, because replicas keep only the replies of the W
 * timestamps up to the highest they executed and treat older ones as done. An operation that
 * would break the span waits in the client until the oldest request completes or times out (see
 * {@link ClientCore#canSubmit()}).
 *
 * <p>Timestamps start at the wall clock in microseconds at build time, so a restarted client's
 * requests stay above those the replicas saw from its previous run (given a clock that does not
 * step back).
 *
 * <p>Thread-safe. Futures complete on the client's thread: dependent non-async stages
 * ({@code thenApply}, {@code thenAccept}, ...) run there and must not block; use the
 * {@code *Async} stage variants for anything slow. Close the client to release its sockets and
 * its thread. Clients built with shared {@link ClientResources} run on those threads instead.
 */
public final class PbftClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PbftClient.class);
    static final String CLOSED = "client closed";

    private final String name;
    private final int requestBytesMax;
    private final ClientCore core;
    private final InFlightLimit limit;
    private final NettyTransport transport;
    /** Closes the client's transport, or leaves connections it shares. */
    private final Runnable releaseTransport;
    // The transport's single event loop is the client's thread: replies are handled where they are
    // read and authenticated, with no queue and no second thread to wake. Other clients may share it.
    private final EventLoop executor;
    private final Thread clientThread;
    /** The client's own loop when it was given none to share; closed with it. */
    private final ClientResources ownResources;
    private final Runnable stopTicks;
    private final StatusProbes probes;
    // Admitted operations not yet handed to the core because the timestamp span is full, oldest
    // first; at most client.outstanding.max with those in flight (the limit). Client thread only.
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    // The core's view, mirrored after every reply so other threads can read it.
    private volatile long view;
    private volatile boolean closed;

    PbftClient(ClusterConfig config, String name, NodeKeyPair pair, PbftClientBuilder b) {
        this.name = name;
        int self = config.clientPrincipal(name);
        var params = config.params();
        this.requestBytesMax = params.requestBytesMax();
        this.limit = new InFlightLimit(params.clientOutstandingMax());
        MacKeyring keyring = ClientKeys.keyring(config, self, pair);
        long tick = b.tickMillis;
        long retransmit = params.clientRetransmitMillis();
        long retransmitMax = b.retransmitMaxMillis > 0 ? Math.max(b.retransmitMaxMillis, retransmit) : 4 * retransmit;
        var settings = new ClientSettings(self, config.n(), config.f(), wallClockMicros(), tick,
                ClientSettings.ticks(retransmit, tick), ClientSettings.ticks(retransmitMax, tick),
                ClientSettings.ticks(params.clientTimeoutMillis(), tick), params.clientOutstandingMax(),
                params.requestEndorsements() && !params.requestRelay(),
                params.requestEndorsements() ? params.requestSeparateBytesMin() : 0, params.requestReadOnly());
        this.core = new ClientCore(settings, RequestAuthenticator.macs(keyring.copy(), config.n()), new Outbox());
        this.ownResources = b.resources == null ? ClientResources.create(1) : null;
        ClientResources resources = b.resources != null ? b.resources : ownResources;
        this.executor = resources.nextLoop();
        try {
            ClientLink link = resources.link(executor, TransportSettings.from(config, self, keyring), this::onMessage);
            this.transport = link.transport();
            this.releaseTransport = link.release();
            this.clientThread = executor.submit(Thread::currentThread).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeOwnResources();
            throw new PbftClientException("interrupted while starting client " + name, e);
        } catch (ExecutionException | RuntimeException e) {
            closeOwnResources();
            throw new PbftClientException("could not start client " + name,
                    e instanceof ExecutionException ? e.getCause() : e);
        }
        this.probes = new StatusProbes(self, config.n(), transport, executor);
        this.stopTicks = resources.tickEvery(executor, tick, this::tick);
    }

    /** A builder; {@code config} and {@code client} are required. */
    public static PbftClientBuilder builder() {
        return new PbftClientBuilder();
    }

    /**
     * Runs {@code operation} on the replicated service and waits for its result.
     *
     * @return the result f+1 replicas agree on
     * @throws PbftTimeoutException no f+1 matching replies in time; the message says how many came,
     *                              how many replicas were connected and why the others were not
     * @throws PbftRefusedException too many replicas refuse this client (another config, a key they
     *                              do not accept) for f+1 to answer; the message names them and why
     * @throws PbftClientClosedException the client was closed first
     * @throws PbftClientException the calling thread was interrupted
     * @throws IllegalArgumentException if the operation exceeds {@code request.bytes.max}
     * @throws IllegalStateException if called on the client's own thread (it would wait forever)
     */
    public byte[] invoke(byte[] operation) {
        checkNotClientThread("invoke()");
        return await(invokeAsync(operation));
    }

    /**
     * Sends {@code operation} and returns its future result, failed with a
     * {@link PbftTimeoutException}, {@link PbftRefusedException} or {@link PbftClientClosedException}
     * as {@link #invoke} throws them.
     *
     * <p>Backpressure: at most {@code client.outstanding.max} (W) operations are admitted at once,
     * waiting or in flight; while W are, this call blocks its caller until one finishes. Called on
     * the client's own thread (from a dependent stage) it never blocks: without a free slot it
     * returns an already failed future.
     *
     * <p>An admitted operation is sent as soon as {@link ClientCore#canSubmit()} holds, that is
     * while the timestamps in flight span fewer than W values; until then it waits in the client,
     * in call order. Its timeout starts when it is sent, so while an older request is stuck (its
     * primary died, say) the future may take up to about twice {@code client.timeout.millis}.
     *
     * @throws IllegalArgumentException if the operation exceeds {@code request.bytes.max}
     */
    public CompletableFuture<byte[]> invokeAsync(byte[] operation) {
        return invokeAsync(operation, false);
    }

    /**
     * Runs an operation the service declares read-only ({@code Service.isReadOnly}) and returns its
     * result, as {@link #invoke} does. With {@code request.read-only = 1} it goes to every replica,
     * which run it at once without ordering it, and completes on 2f+1 matching results: about one
     * round trip instead of three protocol phases. If the replicas disagree (a write ran meanwhile)
     * or do not answer within {@code client.retransmit.millis}, it is ordered like any operation,
     * so the result is linearizable either way. Without that setting it is simply ordered. An
     * operation the service does not declare read-only is refused by the replicas on that path and
     * ordered after the retransmission period.
     *
     * @throws PbftClientException as {@link #invoke}
     */
    public byte[] invokeReadOnly(byte[] operation) {
        checkNotClientThread("invokeReadOnly()");
        return await(invokeReadOnlyAsync(operation));
    }

    /** {@link #invokeReadOnly} as a future, with the backpressure of {@link #invokeAsync}. */
    public CompletableFuture<byte[]> invokeReadOnlyAsync(byte[] operation) {
        return invokeAsync(operation, true);
    }

    private CompletableFuture<byte[]> invokeAsync(byte[] operation, boolean readOnly) {
        Objects.requireNonNull(operation, "operation");
        if (operation.length > requestBytesMax) {
            throw new IllegalArgumentException("operation of " + operation.length
                    + " bytes exceeds request.bytes.max = " + requestBytesMax);
        }
        boolean onClientThread = Thread.currentThread() == clientThread;
        try {
            if (!(onClientThread ? limit.tryAcquire() : limit.acquire())) {
                return failed(closed ? CLOSED : "all " + core.settings().outstandingMax()
                        + " request slots are taken and the client's own thread cannot wait for one");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted while waiting for a free request slot");
        }
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        Bytes op = Bytes.copyOf(operation);
        Waiting call = new Waiting(op, readOnly, future);
        if (onClientThread) {
            submit(call);
        } else {
            try {
                executor.execute(() -> submit(call));
            } catch (RejectedExecutionException e) {
                limit.release();
                future.completeExceptionally(new PbftClientClosedException(CLOSED));
            }
        }
        return future;
    }

    /**
     * Asks every replica where it stands ({@code pbft status} uses this): completes with the
     * answers that came, by replica id, once every replica answered or {@code timeoutMillis}
     * passed; a replica missing from the map did not answer. Replicas answer one client at most
     * every 100 ms. Fails with {@link PbftClientClosedException} if the client is closed first.
     */
    public CompletableFuture<Map<Integer, ReplicaStatus>> replicaStatus(long timeoutMillis) {
        CompletableFuture<Map<Integer, ReplicaStatus>> future = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                if (closed) {
                    future.completeExceptionally(new PbftClientClosedException(CLOSED));
                } else {
                    probes.start(future, timeoutMillis);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new PbftClientClosedException(CLOSED));
        }
        return future;
    }

    /**
     * Why the client's connection to {@code replica} is down ("cannot connect: ...", or "refused
     * us: ..." with the replica's reason), or null if it is up or has not failed yet.
     */
    public String linkProblem(int replica) {
        return transport.linkProblem(replica);
    }

    /** Whether {@code replica} refused this client's last attempt to connect (another config, a key). */
    public boolean refusedBy(int replica) {
        return transport.linkRefused(replica);
    }

    /** How many replicas the client currently has a connection to. */
    public int connectedReplicas() {
        return transport.connectedReplicas();
    }

    /**
     * The highest view this client has learned from f+1 matching replies; 0 until the replicas
     * first change view. A faulty replica alone cannot raise it.
     */
    public long view() {
        return view;
    }

    /** The replica this client sends new requests to, as far as it knows: {@code view() mod n}. */
    public int primary() {
        return (int) (view % core.settings().n());
    }

    /** This client's name in the config. */
    public String name() {
        return name;
    }

    /**
     * Fails every outstanding request with "client closed", wakes callers waiting for a slot,
     * and releases the client's thread and sockets. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        limit.close();
        stopTicks.run();
        if (Thread.currentThread() == clientThread) {
            failEverything();
            releaseTransport.run();
            if (ownResources != null) {
                // A loop cannot wait for its own shutdown: let another thread close it.
                new Thread(ownResources::close, "pbft-client-close-" + name).start();
            }
            return;
        }
        // Queued behind any submissions already handed over, so none escapes the failure.
        try {
            executor.submit(this::failEverything).get(10, TimeUnit.SECONDS);
        } catch (RejectedExecutionException loopStopped) {
            // Shared resources closed first: no thread runs the core any more, so this one may.
            failEverything();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("client {} did not shut down cleanly: {}", name, e.toString());
        }
        releaseTransport.run();
        closeOwnResources();
    }

    private void closeOwnResources() {
        if (ownResources != null) {
            ownResources.close();
        }
    }

    void checkNotClientThread(String what) {
        if (Thread.currentThread() == clientThread) {
            throw new IllegalStateException(what + " on the client's own thread would wait forever;"
                    + " use the async variant in dependent stages");
        }
    }

    /** Waits for {@code future}, turning its failure into a {@link PbftClientException}. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PbftClientException("interrupted while waiting for the result", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof PbftClientException failure ? failure.rethrown() // the same type, the caller's stack
                    : new PbftClientException(cause.getMessage(), cause);
        }
    }

    /** An admitted operation waiting for the timestamp span to allow it. */
    private record Waiting(Bytes operation, boolean readOnly, CompletableFuture<byte[]> future) {
    }

    private void submit(Waiting call) {
        if (closed) {
            limit.release();
            call.future().completeExceptionally(new PbftClientClosedException(CLOSED));
            return;
        }
        waiting.add(call);
        sendWaiting();
    }

    /**
     * Hands waiting operations to the core, oldest first, while its span allows. Runs after every
     * submission and after every completion or failure: the only events that can make room.
     */
    private void sendWaiting() {
        while (!closed && !waiting.isEmpty() && core.canSubmit()) {
            send(waiting.poll());
        }
    }

    private void send(Waiting call) {
        CompletableFuture<byte[]> future = call.future();
        ResultListener listener = new ResultListener() {
            @Override
            public void completed(long timestamp, Bytes result) {
                limit.release(); // first, so a dependent stage finds the slot free
                future.complete(result.toArray());
                sendWaiting();
            }

            @Override
            public void failed(long timestamp, String reason) {
                limit.release();
                future.completeExceptionally(CLOSED.equals(reason) ? new PbftClientClosedException(reason)
                        : timedOut(reason));
                sendWaiting();
            }
        };
        try {
            if (call.readOnly()) {
                core.submitReadOnly(call.operation(), listener);
            } else {
                core.submit(call.operation(), listener);
            }
        } catch (RuntimeException e) {
            limit.release();
            future.completeExceptionally(e);
        }
    }

    /** Fails what waits and what is in flight with "client closed"; on the client thread. */
    private void failEverything() {
        for (Waiting w = waiting.poll(); w != null; w = waiting.poll()) {
            limit.release();
            w.future().completeExceptionally(new PbftClientClosedException(CLOSED));
        }
        core.failAll(CLOSED);
        probes.failAll(new PbftClientClosedException(CLOSED));
    }

    private void onMessage(int from, Message message) {
        if (message instanceof Reply reply) {
            onReply(reply, from);
        } else if (message instanceof StatusReport report) {
            probes.onReport(from, report);
        } else {
            LOG.debug("client {} ignores a {} from principal {}", name, message.getClass().getSimpleName(), from);
        }
    }

    private void onReply(Reply reply, int from) {
        try {
            core.onReply(from, reply);
            view = core.view();
        } catch (RuntimeException e) {
            LOG.error("client {} failed on a reply from replica {}", name, from, e);
        }
    }

    private void tick() {
        try {
            core.tick();
            if (core.outstanding() > 0 && !transport.isConnected(core.primary())) {
                core.primaryUnreachable();
            }
        } catch (RuntimeException e) {
            // Caught: an exception would cancel every later tick of this periodic task.
            LOG.error("client {} failed on a tick", name, e);
        }
    }

    private static CompletableFuture<byte[]> failed(String reason) {
        return CompletableFuture.failedFuture(CLOSED.equals(reason) ? new PbftClientClosedException(reason)
                : new PbftClientException(reason));
    }

    /**
     * The failure of a request that timed out with {@code reason} (how many replies came), adding
     * why the client was not connected to the replicas it lacked: a refusal if, without the
     * refusing replicas, f+1 could not have answered.
     */
    private PbftClientException timedOut(String reason) {
        int n = core.settings().n();
        int connected = transport.connectedReplicas();
        // Replicas down for the same reason in one clause: "replica 0 at h:7000, replica 1 at h:7001 refused us: ..."
        Map<String, List<String>> byProblem = new LinkedHashMap<>();
        int refused = 0;
        for (int replica = 0; replica < n; replica++) {
            String problem = transport.linkProblem(replica);
            if (problem != null) {
                byProblem.computeIfAbsent(problem, p -> new ArrayList<>()).add(transport.linkName(replica));
                refused += transport.linkRefused(replica) ? 1 : 0;
            }
        }
        StringBuilder why = new StringBuilder(reason).append("; connected to ").append(connected).append(" of ")
                .append(n).append(" replicas");
        byProblem.forEach((problem, names) -> why.append("; ").append(String.join(", ", names)).append(' ')
                .append(problem));
        return refused > 0 && n - refused < core.settings().f() + 1 ? new PbftRefusedException(why.toString())
                : new PbftTimeoutException(why.toString(), connected);
    }

    private static long wallClockMicros() {
        Instant now = Instant.now();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }

    private final class Outbox implements ClientOutbox {
        @Override
        public void send(int replica, Request request) {
            transport.send(replica, request);
        }

        @Override
        public void multicast(int[] replicas, Request request) {
            transport.multicast(replicas, request);
        }
    }
}
