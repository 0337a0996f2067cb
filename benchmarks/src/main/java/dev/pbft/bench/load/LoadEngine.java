package dev.pbft.bench.load;

import dev.pbft.client.ClientResources;
import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Applies a {@link LoadSpec} to a running group and measures it:
 * {@code new LoadEngine(config, spec).killer(group::kill).progress(System.out::println).run()}.
 *
 * <p>One {@link PbftClient} per principal used, all on one shared {@link ClientResources} of
 * {@link #clientThreads} threads; {@code clients} workers chained on {@code invokeAsync} (a
 * completion immediately issues the next), so 1,000 identities need neither 1,000 threads nor a
 * thread per connection. Before the warm-up, every principal retries one operation until the
 * group answers (replica JVMs take a while to start); those probes are not counted. After the
 * measured part the workers stop issuing and the engine waits up to twice
 * {@code client.timeout.millis} plus 5 s for their last invocations before it closes the clients
 * (twice: an invocation may wait in its client for an older one to finish before its own timeout
 * starts, see {@link PbftClient#invokeAsync}).
 *
 * <p>The result's {@link LoadResult#recoveries()} say how long throughput took to come back after
 * each fault, e.g. while the replicas replace a killed primary. Given a way to read the replicas'
 * progress ({@link #replicaProgress}), the engine samples it every 100 ms from the start of the
 * warm-up to the end of the measured part, and {@link LoadResult#catchUps()} say how long each
 * restarted replica took to catch up with the group.
 *
 * <p>Replies are not checked for content: with the null service they are zeros, and the client
 * library already required f+1 matching replies. A fault's injection runs on an engine thread;
 * a killer or restarter that throws is recorded as a failed {@link FaultEvent}, not rethrown.
 *
 * <p>Not thread-safe; {@link #run()} once per instance.
 */
public final class LoadEngine {
    private final ClusterConfig config;
    private final LoadSpec spec;
    private Consumer<Integer> killer;
    private java.util.function.Supplier<byte[]> operations;
    private java.util.function.Predicate<byte[]> readOnly = op -> false;
    private Consumer<FaultSpec.RestartReplica> restarter;
    private Consumer<FaultSpec.Attack> attacker;
    private IntFunction<OptionalLong> executedOf;
    /** How often the replicas' progress is sampled. */
    static final long PROGRESS_PERIOD_MILLIS = 100;
    private Consumer<SecondSample> progress = sample -> { };
    private int readyTimeoutSeconds = 90;
    private int clientThreads = 2;
    private boolean sharedConnections;

    /** Set by the sampler, read by every worker. */
    static final class RunState {
        private volatile boolean stopping;
        private volatile boolean closing;

        boolean stopping() {
            return stopping;
        }

        boolean closing() {
            return closing;
        }
    }

    /**
     * @throws IllegalArgumentException if a principal is not a client of {@code config}, more
     *         workers share a principal than {@code client.outstanding.max} allows, the operation
     *         exceeds {@code request.bytes.max}, or a fault names a replica the group lacks
     */
    public LoadEngine(ClusterConfig config, LoadSpec spec) {
        this.config = Objects.requireNonNull(config, "config");
        this.spec = Objects.requireNonNull(spec, "spec");
        for (String name : spec.principals()) {
            if (config.client(name).isEmpty()) {
                throw new IllegalArgumentException("no client named '" + name + "' in " + config.source());
            }
        }
        int slots = config.params().clientOutstandingMax();
        if (spec.workersPerPrincipalMax() > slots) {
            throw new IllegalArgumentException(spec.clients() + " workers on " + spec.principals().size()
                    + " principals put " + spec.workersPerPrincipalMax() + " on one, but client.outstanding.max is "
                    + slots + "; expected at least " + ((spec.clients() + slots - 1) / slots) + " principals");
        }
        if (spec.requestBytes() > config.params().requestBytesMax()) {
            throw new IllegalArgumentException("requests of " + spec.requestBytes() + " bytes exceed request.bytes.max = "
                    + config.params().requestBytesMax());
        }
        for (FaultSpec f : spec.faults()) {
            int replica = f instanceof FaultSpec.KillReplica k ? k.replicaId()
                    : f instanceof FaultSpec.RestartReplica r ? r.replicaId()
                    : ((FaultSpec.Attack) f).replicaId();
            if (replica >= config.n()) {
                throw new IllegalArgumentException("fault " + f.text() + ": the group has replicas 0.." + (config.n() - 1));
            }
        }
    }

    /**
     * What each invocation sends; by default {@code requestBytes} zero bytes for the null service.
     * Called concurrently from the clients' threads, so it must be thread-safe.
     */
    public LoadEngine operations(java.util.function.Supplier<byte[]> operations) {
        this.operations = Objects.requireNonNull(operations, "operations");
        return this;
    }

    /** Which operations go through {@link PbftClient#invokeReadOnlyAsync}; none by default. */
    public LoadEngine readOnly(java.util.function.Predicate<byte[]> readOnly) {
        this.readOnly = Objects.requireNonNull(readOnly, "readOnly");
        return this;
    }

    private static java.util.function.Supplier<byte[]> fixed(int bytes) {
        byte[] operation = new byte[bytes];
        return () -> operation;
    }

    /** The event-loop threads all clients share; 2 by default. */
    public LoadEngine clientThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("clientThreads must be >= 1, got " + threads);
        }
        this.clientThreads = threads;
        return this;
    }

    /**
     * Whether the clients of a thread share one connection per replica
     * ({@link ClientResources#sharingConnections}); false by default: a connection per identity.
     */
    public LoadEngine sharedConnections(boolean shared) {
        this.sharedConnections = shared;
        return this;
    }

    /** How to SIGKILL a replica by id; required if the spec has a kill fault. */
    public LoadEngine killer(Consumer<Integer> killer) {
        this.killer = Objects.requireNonNull(killer, "killer");
        return this;
    }

    /** How to start an attack (a replica turning Byzantine, a faulty client); required if the spec has one. */
    public LoadEngine attacker(Consumer<FaultSpec.Attack> attacker) {
        this.attacker = Objects.requireNonNull(attacker, "attacker");
        return this;
    }

    /** How to start a killed replica again by id; required if the spec has a restart fault. */
    public LoadEngine restarter(Consumer<FaultSpec.RestartReplica> restarter) {
        this.restarter = Objects.requireNonNull(restarter, "restarter");
        return this;
    }

    /**
     * How to read a replica's last executed sequence number by id (0..n-1 of the config); empty
     * while it is not running or has not reported. Called on a sampling thread every 100 ms for
     * each replica, so it must be cheap and must not throw.
     */
    public LoadEngine replicaProgress(IntFunction<OptionalLong> executedOf) {
        this.executedOf = Objects.requireNonNull(executedOf, "executedOf");
        return this;
    }

    /** Called on the engine's thread once per second of warm-up and measured part, in order. */
    public LoadEngine progress(Consumer<SecondSample> progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    /** How long to wait for the group's first answer; 90 s by default. */
    public LoadEngine readyTimeoutSeconds(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("readyTimeoutSeconds must be >= 1, got " + seconds);
        }
        this.readyTimeoutSeconds = seconds;
        return this;
    }

    /**
     * Connects, waits for the group, runs warm-up and measured part, and closes its clients.
     *
     * @throws IllegalStateException if the group does not answer within the ready timeout, or a
     *         kill fault is given without a killer, or a restart fault without a restarter
     */
    public LoadResult run() throws InterruptedException {
        if (killer == null && spec.faults().stream().anyMatch(f -> f instanceof FaultSpec.KillReplica)) {
            throw new IllegalStateException("the spec kills replicas but no killer was given");
        }
        if (restarter == null && spec.faults().stream().anyMatch(f -> f instanceof FaultSpec.RestartReplica)) {
            throw new IllegalStateException("the spec restarts replicas but no restarter was given");
        }
        if (attacker == null && spec.faults().stream().anyMatch(f -> f instanceof FaultSpec.Attack)) {
            throw new IllegalStateException("the spec has attacks but no attacker was given");
        }
        RunState state = new RunState();
        List<PbftClient> clients = new ArrayList<>();
        ClientResources shared = sharedConnections ? ClientResources.sharingConnections(clientThreads)
                : ClientResources.create(clientThreads);
        // Two threads: a slow fault injection must not hold up a worker's offloaded step.
        ScheduledExecutorService helper = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "pbft-load");
            t.setDaemon(true);
            return t;
        });
        // A thread of its own, so that fault injections and workers' steps do not delay the samples.
        ScheduledExecutorService sampler = executedOf == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pbft-load-progress");
            t.setDaemon(true);
            return t;
        });
        try {
            for (String name : spec.principalsUsed()) {
                clients.add(PbftClient.builder().config(config).client(name).resources(shared).build());
            }
            awaitReady(clients);
            return measure(clients, state, helper, sampler);
        } finally {
            state.closing = true;
            state.stopping = true;
            clients.forEach(PbftClient::close);
            shared.close();
            helper.shutdownNow();
            if (sampler != null) {
                sampler.shutdownNow();
            }
        }
    }

    private void awaitReady(List<PbftClient> clients) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readyTimeoutSeconds);
        java.util.function.Supplier<byte[]> probes = operations != null ? operations : fixed(spec.requestBytes());
        for (PbftClient client : clients) {
            while (true) {
                try {
                    client.invoke(probes.get());
                    break;
                } catch (RuntimeException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the group did not answer client " + client.name() + " within "
                                + readyTimeoutSeconds + " s: " + notYet.getMessage(), notYet);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    private LoadResult measure(List<PbftClient> clients, RunState state, ScheduledExecutorService helper,
                               ScheduledExecutorService sampler)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        CountDownLatch stopped = new CountDownLatch(spec.clients());
        java.util.function.Supplier<byte[]> operation = operations != null ? operations : fixed(spec.requestBytes());
        List<FaultEvent> events = Collections.synchronizedList(new ArrayList<>());
        long startNanos = System.nanoTime();
        boolean warming = spec.warmupMaxSeconds() > 0;
        if (!warming) {
            scheduleFaults(helper, startNanos, startNanos, events, clients);
        }
        List<ProgressSample> progressSamples = Collections.synchronizedList(new ArrayList<>());
        if (sampler != null) {
            sampleProgress(sampler, startNanos, progressSamples);
        }
        for (int i = 0; i < spec.clients(); i++) {
            new Worker(clients.get(i % clients.size()), operation, readOnly, recorder, errors, state, helper, stopped)
                    .start();
        }
        Histogram measured = new Histogram(3);
        Histogram interval = null;
        List<SecondSample> series = new ArrayList<>();
        long opsTotal = 0;
        long errorsTotal = 0;
        long measuredFromNanos = startNanos;
        long endNanos = startNanos;
        List<Long> warmupOps = new ArrayList<>();
        int secondsMeasured = 0;
        for (int second = 1; secondsMeasured < spec.durationSeconds(); second++) {
            sleepUntil(startNanos + TimeUnit.SECONDS.toNanos(second));
            interval = recorder.getIntervalHistogram(interval);
            long failed = errors.getAndSet(0);
            endNanos = System.nanoTime();
            long ops = interval.getTotalCount();
            Phase phase = warming ? Phase.WARMUP : Phase.MEASURE;
            if (phase == Phase.MEASURE) {
                measured.add(interval);
                secondsMeasured++;
            } else {
                measuredFromNanos = endNanos; // the measured part starts where the last warm-up interval ended
                warmupOps.add(ops);
                if (SteadyWarmup.ends(warmupOps, spec.warmupSeconds(), spec.warmupMaxSeconds())) {
                    warming = false;
                    scheduleFaults(helper, startNanos, endNanos, events, clients);
                }
            }
            opsTotal += ops;
            errorsTotal += failed;
            SecondSample sample = new SecondSample(second, phase, ops, failed, ops == 0 ? 0 : interval.getValueAtPercentile(50));
            series.add(sample);
            progress.accept(sample);
        }
        if (sampler != null) {
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
        List<ProgressSample> progressCopy;
        synchronized (progressSamples) {
            progressCopy = List.copyOf(progressSamples);
        }
        state.stopping = true;
        stopped.await(2L * config.params().clientTimeoutMillis() + 5_000L, TimeUnit.MILLISECONDS);
        state.closing = true;
        errorsTotal += errors.getAndSet(0); // failures of the last invocations, seen while draining
        double measuredSeconds = (endNanos - measuredFromNanos) / 1e9;
        return new LoadResult(spec, series, measured, measured.getTotalCount(), opsTotal, errorsTotal,
                measuredSeconds, List.copyOf(events), progressCopy);
    }

    private void sampleProgress(ScheduledExecutorService sampler, long startNanos, List<ProgressSample> samples) {
        int n = config.n();
        sampler.scheduleAtFixedRate(() -> {
            long[] executed = new long[n];
            for (int id = 0; id < n; id++) {
                OptionalLong e;
                try {
                    e = executedOf.apply(id);
                } catch (RuntimeException unreadable) {
                    e = OptionalLong.empty();
                }
                executed[id] = e.isPresent() && e.getAsLong() >= 0 ? e.getAsLong() : ProgressSample.UNKNOWN;
            }
            samples.add(new ProgressSample((System.nanoTime() - startNanos) / 1e9, executed));
        }, 0, PROGRESS_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void scheduleFaults(ScheduledExecutorService helper, long startNanos, long measureStartNanos,
                                List<FaultEvent> events, List<PbftClient> clients) {
        for (FaultSpec fault : spec.faults()) {
            long at = measureStartNanos + (long) (fault.atSeconds() * 1e9);
            helper.schedule(() -> {
                double runSeconds = (System.nanoTime() - startNanos) / 1e9;
                events.add(inject(fault, runSeconds, clients));
            }, at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    private FaultEvent inject(FaultSpec fault, double runSeconds, List<PbftClient> clients) {
        try {
            if (fault instanceof FaultSpec.KillReplica k) {
                String role = role(k.replicaId(), clients); // before the kill, which may start a view change
                killer.accept(k.replicaId());
                return new FaultEvent(fault.text(), runSeconds, true, "replica " + k.replicaId() + " killed with SIGKILL ("
                        + role + ")");
            }
            if (fault instanceof FaultSpec.RestartReplica r) {
                restarter.accept(r);
                return new FaultEvent(fault.text(), runSeconds, true, "replica " + r.replicaId()
                        + (r.diskLost() ? " started again with nothing kept (its disk lost)"
                        : " started again with its previous arguments"));
            }
            if (fault instanceof FaultSpec.Attack a) {
                String who = a.client() ? "a faulty client"
                        : "replica " + a.replicaId() + " (" + role(a.replicaId(), clients) + ")";
                attacker.accept(a);
                return new FaultEvent(fault.text(), runSeconds, true, who + " started: " + a.behaviour());
            }
            return new FaultEvent(fault.text(), runSeconds, false, "not supported by this engine");
        } catch (RuntimeException e) {
            return new FaultEvent(fault.text(), runSeconds, false, "injection failed: " + e);
        }
    }

    /** Whether {@code replica} is the primary of the highest view the clients know, in words. */
    private static String role(int replica, List<PbftClient> clients) {
        PbftClient informed = clients.stream().max(Comparator.comparingLong(PbftClient::view)).orElseThrow();
        String view = "view " + informed.view() + " as the clients know it";
        return informed.primary() == replica ? "the primary of " + view : "a backup in " + view;
    }

    private static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
    }
}
