package dev.pbft.cli;

import dev.pbft.client.KvClient;
import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The guided tour: a loopback group of 4 replica JVMs, a key-value workload from several clients,
 * one backup killed with SIGKILL midway, and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generates a loopback group of 4 replicas (f=1) in a working folder, starts it, runs a",
                "self-checking key-value workload from several clients, kills one backup with SIGKILL midway,",
                "prints a summary (operations, errors, throughput, latency percentiles) and stops everything."})
final class DemoCommand implements Callable<Integer> {
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

    /** The measured part of the demo: closed-loop clients, a kill, progress lines, the summary. */
    static final class DemoRun {
        private final List<PbftClient> connections;
        private final LocalGroup group;
        private final int seconds;

        DemoRun(List<PbftClient> connections, LocalGroup group, int seconds) {
            this.connections = connections;
            this.group = group;
            this.seconds = seconds;
        }

        /** The replica JVMs take a moment to start: retry one write until the group answers. */
        void awaitGroupReady() throws InterruptedException {
            KvClient kv = new KvClient(connections.get(0));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    kv.put("demo/ready", "yes");
                    System.out.println("demo: group is answering; starting the workload");
                    return;
                } catch (RuntimeException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the group did not answer within 60 s: " + notYet.getMessage());
                    }
                    Thread.sleep(200);
                }
            }
        }

        int execute() throws InterruptedException {
            List<DemoClient> workers = new ArrayList<>();
            for (PbftClient c : connections) {
                workers.add(new DemoClient(new KvWorkload(new KvClient(c), c.name(), 16)));
            }
            long start = System.nanoTime();
            workers.forEach(DemoClient::start);
            int killAt = seconds / 2;
            long opsAtKill = 0;
            long previous = 0;
            for (int second = 1; second <= seconds; second++) {
                Thread.sleep(Math.max(0, start + TimeUnit.SECONDS.toNanos(second) - System.nanoTime()) / 1_000_000);
                long ops = workers.stream().mapToLong(DemoClient::operations).sum();
                long errors = workers.stream().mapToLong(DemoClient::errors).sum();
                System.out.printf("t=%2ds  ops=%7d  (%5d/s)  errors=%d%n", second, ops, ops - previous, errors);
                previous = ops;
                if (second == killAt) {
                    group.kill(3);
                    opsAtKill = ops;
                    System.out.printf("demo: killed backup replica 3 with SIGKILL at t=%ds; 3 of 4 replicas go on (f=1)%n",
                            second);
                }
            }
            for (DemoClient w : workers) {
                w.stop();
            }
            double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            return summarize(workers, elapsedSeconds, opsAtKill, killAt);
        }

        private int summarize(List<DemoClient> workers, double elapsedSeconds, long opsAtKill, int killAt) {
            Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            long ops = 0;
            long errors = 0;
            long wrong = 0;
            for (DemoClient w : workers) {
                latency.add(w.latencyMicros());
                ops += w.operations();
                errors += w.errors();
                wrong += w.wrongResults();
            }
            System.out.println();
            System.out.println("summary");
            System.out.printf("  operations   %d in %.1f s = %.0f ops/s (%d clients, 1 outstanding each)%n",
                    ops, elapsedSeconds, ops / elapsedSeconds, workers.size());
            System.out.printf("  before kill  %.0f ops/s; after kill %.0f ops/s (the JVMs warm up during the first"
                    + " seconds; ./pbft bench measures after a warm-up)%n", opsAtKill / (double) killAt,
                    (ops - opsAtKill) / (elapsedSeconds - killAt));
            System.out.printf("  errors       %d failed, %d wrong results%n", errors, wrong);
            System.out.printf("  latency ms   p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    ms(latency, 50), ms(latency, 90), ms(latency, 99), ms(latency, 99.9), latency.getMaxValue() / 1000.0);
            return errors == 0 && wrong == 0 && ops > 0 ? 0 : 1;
        }

        private static double ms(Histogram h, double percentile) {
            return h.getValueAtPercentile(percentile) / 1000.0;
        }
    }
}
