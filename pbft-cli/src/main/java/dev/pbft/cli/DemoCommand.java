package dev.pbft.cli;

import dev.pbft.bench.load.CatchUp;
import dev.pbft.bench.load.ProgressSample;
import dev.pbft.bench.report.TextReport;
import dev.pbft.client.KvClient;
import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import dev.pbft.replica.runtime.Replica;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The guided tour: a loopback group of 4 replica JVMs, a key-value workload from several clients,
 * the primary killed with SIGKILL midway, the new primary the clients learn of, the killed replica
 * restarted and catching up with the group, and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a guided tour: a 4-replica loopback group under load, its primary killed and replaced.",
                "Generates the group (f=1) in a working folder, starts it, runs a self-checking key-value workload"
                        + " from several clients, kills the primary with SIGKILL midway, reports the new primary the"
                        + " clients learn of (view change), restarts the killed replica and shows it catching up with"
                        + " the group (recovery from its journal, state transfer), prints a summary (operations,"
                        + " errors, throughput, latency percentiles, the outage, the catch-up) and stops everything.",
                "Exits 1 if an operation failed or returned a wrong result, no new primary was seen, or the restarted"
                        + " replica did not catch up."})
final class DemoCommand implements Callable<Integer> {
    /** How long the group may take to answer its first write: JVMs starting on a busy machine. */
    static final int READY_SECONDS = 120;

    @Option(names = "--dir", paramLabel = "DIR", description = "working folder (default: a new temporary folder)")
    Path dir;

    @Option(names = "--clients", defaultValue = "4", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seconds", defaultValue = "20", description = "length of the workload (default: ${DEFAULT-VALUE})")
    int seconds;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || seconds < 2) {
            System.err.println("demo: need --clients >= 1 and --seconds >= 2");
            return Main.EXIT_USAGE;
        }
        Path folder = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("pbft-demo-");
        int basePort = FreePorts.findRun(4);
        Path configFile = GroupGenerator.generate(folder, 1, 4, clients, "127.0.0.1", basePort, ProtocolParams.defaults());
        ClusterConfig config = ClusterConfig.load(configFile);
        System.out.printf("demo: group of 4 (f=1) in %s, replicas on 127.0.0.1:%d-%d%n", folder, basePort, basePort + 3);
        try (LocalGroup group = LocalGroup.start(configFile, 4, "kv")) {
            List<PbftClient> connections = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    connections.add(PbftClient.builder().config(config).client("c" + i).build());
                }
                DemoRun run = new DemoRun(connections, group, seconds);
                run.awaitGroupReady();
                return run.execute();
            } finally {
                connections.forEach(PbftClient::close);
            }
        }
    }

    /**
     * The measured part of the demo: closed-loop clients, the primary killed, the new primary
     * reported as the clients learn of it, the killed replica restarted and its catch-up, progress
     * lines, the summary. The new primary is whatever the clients' replies say (each client follows
     * the view that f+1 matching replies carry), so the output claims a view change only if clients
     * actually saw one. The catch-up is read off the replicas' status files, sampled every 100 ms,
     * with the bench's definition ({@link CatchUp}).
     */
    static final class DemoRun {
        /** How long to go on after the new primary is seen, so the output shows operations continuing. */
        static final int SECONDS_AFTER_NEW_PRIMARY = 5;
        /** How long past --seconds to wait for a new primary before saying none was seen. */
        static final int NEW_PRIMARY_GRACE_SECONDS = 20;
        /** How long after the restart to wait for the replica to catch up before saying it did not. */
        static final int CATCH_UP_GRACE_SECONDS = 30;

        private final List<PbftClient> connections;
        private final LocalGroup group;
        private final int seconds;
        private final int killAt;
        private final List<DemoClient> workers = new ArrayList<>();
        // The timeline, in seconds since the workload started; -1 while it has not happened.
        private int killedAtSecond = -1;
        private long killedView;
        private int killedReplica;
        private long opsAtKill;
        private int newPrimaryAtSecond = -1;
        private long newView;
        private long opsAtNewPrimary;
        private double restartedAt = -1;
        private CatchUp catchUp;
        private int caughtUpAtSecond = -1;
        private final List<ProgressSample> progress = Collections.synchronizedList(new ArrayList<>());
        private long startNanos;

        DemoRun(List<PbftClient> connections, LocalGroup group, int seconds) {
            this.connections = connections;
            this.group = group;
            this.seconds = seconds;
            this.killAt = seconds / 2;
        }

        /**
         * The replica JVMs take a moment to start, longer on a busy machine: retry one write until
         * the group answers, saying every 10 s how many replicas run so far.
         */
        void awaitGroupReady() throws InterruptedException {
            KvClient kv = new KvClient(connections.get(0));
            long start = System.nanoTime();
            long nextNote = start + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try {
                    kv.put("demo/ready", "yes");
                    System.out.println("demo: group is answering; starting the workload");
                    return;
                } catch (RuntimeException notYet) {
                    long now = System.nanoTime();
                    if (now - start > TimeUnit.SECONDS.toNanos(READY_SECONDS)) {
                        throw new CommandFailure("the group did not answer within " + READY_SECONDS + " s ("
                                + notYet.getMessage() + "); is the machine busy? PBFT_LOG_LEVEL=DEBUG shows more");
                    }
                    if (now > nextNote) {
                        nextNote = now + TimeUnit.SECONDS.toNanos(10);
                        System.out.printf("demo: waiting for the group: %d of 4 replicas running after %d s%n",
                                running(), TimeUnit.NANOSECONDS.toSeconds(now - start));
                    }
                    Thread.sleep(200);
                }
            }
        }

        private int running() {
            int started = 0;
            for (int id = 0; id < 4; id++) {
                started += group.status(id).isPresent() ? 1 : 0;
            }
            return started;
        }

        int execute() throws InterruptedException {
            for (PbftClient c : connections) {
                workers.add(new DemoClient(new KvWorkload(new KvClient(c), c.name(), 16)));
            }
            long start = System.nanoTime();
            startNanos = start;
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pbft-demo-progress");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(this::sampleProgress, 0, 100, TimeUnit.MILLISECONDS);
            try {
                workers.forEach(DemoClient::start);
                long previous = 0;
                for (int second = 1; second <= lastSecond(); second++) {
                    Thread.sleep(Math.max(0, start + TimeUnit.SECONDS.toNanos(second) - System.nanoTime()) / 1_000_000);
                    long ops = operations();
                    System.out.printf("t=%2ds  ops=%7d  (%5d/s)  errors=%d  view=%d  executed %s%n", second, ops,
                            ops - previous, errors(), highestView(), executedLine());
                    previous = ops;
                    if (second == killAt) {
                        killPrimary(second, ops);
                    } else if (killedAtSecond >= 0 && newPrimaryAtSecond < 0) {
                        lookForNewPrimary(second, ops);
                        if (newPrimaryAtSecond >= 0) {
                            restartKilled();
                        }
                    } else if (restartedAt >= 0 && caughtUpAtSecond < 0) {
                        lookForCatchUp(second);
                    }
                }
            } finally {
                sampler.shutdownNow();
            }
            for (DemoClient w : workers) {
                w.stop();
            }
            return summarize((System.nanoTime() - start) / 1e9);
        }

        private double now() {
            return (System.nanoTime() - startNanos) / 1e9;
        }

        private void sampleProgress() {
            long[] executed = new long[group.size()];
            for (int id = 0; id < executed.length; id++) {
                executed[id] = group.status(id).map(Replica.Status::lastExecuted).orElse(ProgressSample.UNKNOWN);
            }
            progress.add(new ProgressSample(now(), executed));
        }

        /** Each replica's last executed sequence number as it last reported it, "-" while down. */
        private String executedLine() {
            ProgressSample last;
            synchronized (progress) {
                if (progress.isEmpty()) {
                    return "-";
                }
                last = progress.get(progress.size() - 1);
            }
            StringBuilder line = new StringBuilder();
            for (int id = 0; id < last.replicas(); id++) {
                long e = last.executed(id);
                line.append(id == 0 ? "" : " ").append('r').append(id).append('=').append(e == ProgressSample.UNKNOWN ? "-" : e);
            }
            return line.toString();
        }

        /** Starts the killed replica again with its data directory: it recovers from its journal. */
        private void restartKilled() {
            try {
                group.restart(killedReplica);
            } catch (IOException | RuntimeException e) {
                System.out.printf("demo: could not start replica %d again: %s%n", killedReplica, e);
                return;
            }
            restartedAt = now();
            System.out.printf("demo: restarted replica %d at t=%.1fs with its data directory: it recovers from its journal"
                    + " and must catch up with the others (state transfer)%n", killedReplica, restartedAt);
        }

        private void lookForCatchUp(int second) {
            List<ProgressSample> samples;
            synchronized (progress) {
                samples = List.copyOf(progress);
            }
            CatchUp c = CatchUp.of(samples, "restart:" + killedReplica, killedReplica, restartedAt, Double.POSITIVE_INFINITY);
            catchUp = c;
            if (c.caughtUpRunSeconds().isPresent()) {
                caughtUpAtSecond = second;
                System.out.printf(Locale.ROOT, "demo: replica %d caught up with the group %.1f s after its restart:"
                        + " executed %,d (it recovered %,d from its journal; the others were at %,d when it restarted)%n",
                        killedReplica, c.catchUpSeconds().getAsDouble(), c.executedWhenCaughtUp().getAsLong(),
                        c.firstExecuted().getAsLong(), c.groupExecutedAtRestart().getAsLong());
            }
        }

        /** --seconds, or longer while the new primary is awaited or has only just been seen. */
        private int lastSecond() {
            if (caughtUpAtSecond >= 0) {
                return Math.max(seconds, caughtUpAtSecond + SECONDS_AFTER_NEW_PRIMARY);
            }
            if (restartedAt >= 0) {
                return Math.max(seconds, (int) restartedAt + CATCH_UP_GRACE_SECONDS);
            }
            if (newPrimaryAtSecond >= 0) {
                return Math.max(seconds, newPrimaryAtSecond + SECONDS_AFTER_NEW_PRIMARY);
            }
            return killedAtSecond >= 0 ? seconds + NEW_PRIMARY_GRACE_SECONDS : seconds;
        }

        /** Kills the replica the clients send to: replica 0 in view 0, unless they moved on already. */
        private void killPrimary(int second, long ops) throws InterruptedException {
            killedView = highestView();
            killedReplica = (int) (killedView % group.size());
            group.kill(killedReplica);
            killedAtSecond = second;
            opsAtKill = ops;
            System.out.printf("demo: killed the primary, replica %d of view %d, with SIGKILL at t=%ds; the other %d"
                    + " must elect a new one (f=1)%n", killedReplica, killedView, second, group.size() - 1);
        }

        private void lookForNewPrimary(int second, long ops) {
            for (PbftClient c : connections) {
                if (c.view() > killedView) {
                    newPrimaryAtSecond = second;
                    newView = c.view();
                    opsAtNewPrimary = ops;
                    System.out.printf("demo: replica %d is now the primary, in view %d: f+1 matching replies to client %s"
                            + " carry that view (%d s after the kill)%n", c.primary(), newView, c.name(),
                            second - killedAtSecond);
                    return;
                }
            }
        }

        private long highestView() {
            return connections.stream().mapToLong(PbftClient::view).max().orElse(0);
        }

        private long operations() {
            return workers.stream().mapToLong(DemoClient::operations).sum();
        }

        private long errors() {
            return workers.stream().mapToLong(DemoClient::errors).sum();
        }

        private int summarize(double elapsedSeconds) {
            Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            long wrong = 0;
            for (DemoClient w : workers) {
                latency.add(w.latencyMicros());
                wrong += w.wrongResults();
            }
            long ops = operations();
            long errors = errors();
            System.out.println();
            System.out.println("summary");
            System.out.printf("  operations   %d in %.1f s = %.0f ops/s (%d clients, 1 outstanding each)%n",
                    ops, elapsedSeconds, ops / elapsedSeconds, workers.size());
            boolean recovered = printViewChange(ops, elapsedSeconds);
            boolean caughtUp = printCatchUp();
            System.out.printf("  errors       %d failed, %d wrong results%n", errors, wrong);
            System.out.printf("  latency ms   p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    ms(latency, 50), ms(latency, 90), ms(latency, 99), ms(latency, 99.9), latency.getMaxValue() / 1000.0);
            return errors == 0 && wrong == 0 && ops > 0 && recovered && caughtUp ? 0 : 1;
        }

        /** The restart and the catch-up, or their absence; true if the restarted replica caught up. */
        private boolean printCatchUp() {
            if (restartedAt < 0) {
                System.out.printf("  restart      replica %d was not restarted%n", killedReplica);
                return false;
            }
            if (catchUp == null) {
                System.out.printf(Locale.ROOT, "  restart      replica %d restarted at t=%.1fs; the run ended before its"
                        + " progress was read%n", killedReplica, restartedAt);
                return false;
            }
            System.out.println("  restart      " + TextReport.catchUpLine(catchUp));
            return catchUp.caughtUpRunSeconds().isPresent();
        }

        /** The kill, the new primary or its absence, and throughput around them; true if the group recovered. */
        private boolean printViewChange(long ops, double elapsedSeconds) {
            System.out.printf("  before kill  %.0f ops/s in the first %d s (the JVMs warm up during the first seconds;"
                    + " ./pbft bench measures after a warm-up)%n", opsAtKill / (double) killedAtSecond, killedAtSecond);
            if (newPrimaryAtSecond < 0) {
                System.out.printf("  view change  primary %d killed at t=%ds; no new primary seen by the end (clients still"
                        + " in view %d): the group did not replace it%n", killedReplica, killedAtSecond, highestView());
                return false;
            }
            long after = ops - opsAtNewPrimary;
            System.out.printf("  view change  primary %d killed at t=%ds; replica %d primary in view %d seen at t=%ds%n",
                    killedReplica, killedAtSecond, newView % group.size(), newView, newPrimaryAtSecond);
            System.out.printf("  during       %d ops from the kill until the new primary was seen%n",
                    opsAtNewPrimary - opsAtKill);
            System.out.printf("  after        %.0f ops/s from t=%ds to the end%n", after / (elapsedSeconds - newPrimaryAtSecond),
                    newPrimaryAtSecond);
            return after > 0;
        }

        private static double ms(Histogram h, double percentile) {
            return h.getValueAtPercentile(percentile) / 1000.0;
        }
    }
}
