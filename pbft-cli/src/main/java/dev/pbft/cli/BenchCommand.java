package dev.pbft.cli;

import dev.pbft.bench.load.FaultSpec;
import dev.pbft.bench.load.LoadEngine;
import dev.pbft.bench.load.LoadResult;
import dev.pbft.bench.load.LoadSpec;
import dev.pbft.bench.report.CsvReport;
import dev.pbft.bench.report.AttackReport;
import dev.pbft.bench.report.JsonReport;
import dev.pbft.bench.report.LoadChart;
import dev.pbft.bench.report.TextReport;
import dev.pbft.config.ClientSpec;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ConfigException;
import dev.pbft.config.ProtocolParams;
import dev.pbft.protocol.kv.KvCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end load: closed-loop clients against a group of null-service replicas, throughput per
 * second, latency percentiles, optional faults and a 1-replica baseline (same stack, no agreement).
 * Writes result.json, series.csv and chart.svg; exits 1 if any invocation failed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures a group under a closed load, with faults or attacks if asked.",
                "Starts a loopback group of null-service replicas (or drives the group of --config), applies a"
                        + " closed load (each client keeps one request outstanding), prints a line per second and a"
                        + " summary, and writes result.json, series.csv and chart.svg to --out. Exits 1 if any"
                        + " request failed."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--replicas", defaultValue = "4", paramLabel = "N", description = "replicas to start; f = (N-1)/3 (default: ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = "--clients", defaultValue = "10", paramLabel = "C", description = "closed-loop clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--principals", paramLabel = "P",
            description = "client identities to generate; fewer than C are shared round-robin (default: C, one each)")
    Integer principals;

    @Option(names = "--client-threads", defaultValue = "2", paramLabel = "T",
            description = "event-loop threads all the bench's clients share (default: ${DEFAULT-VALUE})")
    int clientThreads;

    @Option(names = "--client-connections", defaultValue = "own", paramLabel = "MODE",
            description = "own: each client identity opens its own connection to every replica; shared: the"
                    + " identities on one client thread share one connection per replica, each proving itself"
                    + " on it with its own key (ClientResources.sharingConnections) (default: ${DEFAULT-VALUE})")
    String clientConnections;

    @Option(names = "--request-bytes", defaultValue = "0", paramLabel = "B", description = "operation size (default: ${DEFAULT-VALUE})")
    int requestBytes;

    @Option(names = "--service", defaultValue = "null", paramLabel = "S",
            description = "null (answers --reply-bytes zeros) or kv (the key-value store; each operation puts a value of"
                    + " --request-bytes to a random key of --kv-keys) (default: ${DEFAULT-VALUE})")
    String service;

    @Option(names = "--kv-keys", defaultValue = "1000", paramLabel = "N", description = "with --service kv: keys the puts go to (default: ${DEFAULT-VALUE})")
    int kvKeys;

    @Option(names = "--read-percent", defaultValue = "0", paramLabel = "P",
            description = "with --service kv: P in 100 operations are GETs, sent on the read-only path (request.read-only = 1) or ordered (default: ${DEFAULT-VALUE})")
    int readPercent;

    @Option(names = "--kv-preload", description = "with --service kv: the replicas start holding all --kv-keys keys")
    boolean kvPreload;

    @Option(names = "--kv-megabytes", defaultValue = "200", paramLabel = "M",
            description = "with --service kv: kv.megabytes.max of the generated config; replicas get a heap of twice that plus the log's batches plus 128 MiB (default: ${DEFAULT-VALUE})")
    int kvMegabytes;

    @Option(names = "--reply-bytes", defaultValue = "0", paramLabel = "B", description = "result size of the null service (default: ${DEFAULT-VALUE})")
    int replyBytes;

    @Option(names = "--warmup", defaultValue = "45", paramLabel = "S",
            description = "unmeasured seconds first; five JVMs JIT-compiling on 2 cores need about this long (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--warmup-max", defaultValue = "0", paramLabel = "S",
            description = "warm up for at least --warmup and at most this many seconds, until throughput stops climbing"
                    + " (the last 8 s at most 10%% above the 8 s before); 0: exactly --warmup (default: ${DEFAULT-VALUE})")
    int warmupMaxSeconds;

    @Option(names = "--duration", defaultValue = "20", paramLabel = "S", description = "measured seconds (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--baseline", description = "then run the same load against 1 replica (f=0, no agreement) and print the ratio")
    boolean baseline;

    @Option(names = "--fault", paramLabel = "SPEC", split = ",",
            description = "repeatable, or a comma list; " + FaultSpec.KNOWN_KINDS + ", seconds into the measured part;"
                    + " a restart needs an earlier kill of the same replica")
    List<String> faultTexts = new ArrayList<>();

    @Option(names = "--attack", paramLabel = "SPEC", split = ",",
            description = "repeatable, or a comma list: from a time on (seconds into the measured part), a replica turns"
                    + " Byzantine, <behaviour>:<replicaId>@<s>s (e.g. equivocates:0@20s), or a faulty client starts,"
                    + " <kind>@<s>s (e.g. big-mac-client@20s); --attacks list prints the names")
    List<String> attackTexts = new ArrayList<>();

    @Option(names = "--attacks", paramLabel = "all|list",
            description = "all: run fault-free, then under each attack in turn, each in a fresh group from the start of the"
                    + " measured part, and write attacks.md, attacks.json and attacks.svg; list: print the attacks")
    String attackSuite;

    @Option(names = "--passes", defaultValue = "1", paramLabel = "N",
            description = "with --attacks all: run the suite N times and write each row's medians, each pass beside"
                    + " them in pass-1..N (default: ${DEFAULT-VALUE})")
    int passes;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "repeatable: a protocol parameter of the generated config, e.g. --set request.endorsements=0")
    Map<String, Integer> parameters = new LinkedHashMap<>();

    @Option(names = "--storage", defaultValue = "always", paramLabel = "MODE",
            description = "replicas' durability: always (journal on disk, fsync per burst), never (on disk, no fsync),"
                    + " memory (in-memory mode, nothing kept) (default: ${DEFAULT-VALUE})")
    String storage;

    @Option(names = "--out", paramLabel = "DIR", description = "where results go (default: benchmarks/results/bench-<timestamp>)")
    Path out;

    @Option(names = "--dir", paramLabel = "DIR", description = "working folder for configs and keys (default: a temporary folder, deleted after)")
    Path dir;

    @Option(names = "--config", paramLabel = "FILE", description = "drive this running group instead of starting one")
    Path config;

    @Option(names = "--clients-from", split = ",", paramLabel = "NAMES", description = "with --config: client names to use (default: all in the config)")
    List<String> clientsFrom;

    @Override
    public Integer call() throws Exception {
        if ("list".equals(attackSuite)) {
            System.out.println("attacks: " + FaultSpec.KNOWN_ATTACKS);
            System.out.println("--attacks all runs: " + AttackSuite.attacks(replicas).stream().map(FaultSpec::text).toList());
            return 0;
        }
        List<FaultSpec> faults = new ArrayList<>();
        try {
            faultTexts.forEach(t -> faults.add(FaultSpec.parse(t)));
            for (String t : attackTexts) {
                FaultSpec a = FaultSpec.parse(t);
                require(a instanceof FaultSpec.Attack, "--attack " + t + ": not an attack; expected " + FaultSpec.KNOWN_ATTACKS);
                faults.add(a);
            }
            checkArguments(faults);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        Path outDir = Files.createDirectories(out != null ? out
                : Path.of("benchmarks", "results", "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("pbft-bench-");
        try {
            if (attackSuite != null) {
                return new AttackSuite(this::runAttacked, work, outDir, replicas, passes).run() ? 0 : 1;
            }
            Run main = config != null ? runExternal(faults) : runLocal("agreement", work.resolve("agreement"), replicas, faults);
            write(outDir, "", main, null);
            Run base = null;
            if (baseline) {
                if (!faults.isEmpty()) {
                    System.out.println("bench: the baseline runs without faults; it is the reference");
                }
                try {
                    base = runLocal("baseline", work.resolve("baseline"), 1, List.of());
                } catch (IllegalStateException e) { // the agreement figures still deserve their summary
                    printSummary(main, null, outDir);
                    System.err.println("bench: baseline failed: " + e.getMessage());
                    return 1;
                }
                write(outDir, "baseline-", base, null);
                write(outDir, "", main, base); // again, now with the baseline in context and chart
            }
            printSummary(main, base, outDir);
            return main.result.errors() + (base == null ? 0 : base.result.errors()) == 0 ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (FileAlreadyExistsException e) {
            System.err.println("bench: " + e.getFile() + " exists; give --dir an empty folder");
            return Main.EXIT_USAGE;
        } catch (IllegalStateException e) {
            System.err.println("bench: " + e.getMessage());
            return 1;
        } finally {
            if (dir == null) {
                deleteRecursively(work); // throwaway private keys
            }
        }
    }

    /** One finished run and what describes it beyond the load spec. */
    private record Run(String label, LoadResult result, Map<String, Object> context) {
    }

    private void checkArguments(List<FaultSpec> faults) {
        require(replicas >= 1, "--replicas must be >= 1");
        require(clients >= 1, "--clients must be >= 1");
        require(principals == null || principals >= 1, "--principals must be >= 1");
        require(clientThreads >= 1, "--client-threads must be >= 1");
        require(clientConnections.equals("own") || clientConnections.equals("shared"),
                "--client-connections must be own or shared, got '" + clientConnections + "'");
        require(List.of("null", "kv").contains(service), "--service must be null or kv");
        require(kvKeys >= 1 && kvMegabytes >= 1, "--kv-keys and --kv-megabytes must be >= 1");
        require(service.equals("kv") || !kvPreload, "--kv-preload needs --service kv");
        require(readPercent >= 0 && readPercent <= 100, "--read-percent must be 0 to 100");
        require(service.equals("kv") || readPercent == 0, "--read-percent needs --service kv");
        require(List.of("always", "never", "memory").contains(storage), "--storage must be always, never or memory");
        require(requestBytes >= 0 && replyBytes >= 0, "--request-bytes and --reply-bytes must be >= 0");
        require(warmupSeconds >= 0 && durationSeconds >= 1, "need --warmup >= 0 and --duration >= 1");
        require(warmupMaxSeconds == 0 || warmupMaxSeconds >= warmupSeconds, "need --warmup-max 0 or at least --warmup");
        require(config != null || clientsFrom == null, "--clients-from needs --config");
        require(config == null || faults.isEmpty(), "--fault and --attack need a group started by bench (omit --config)");
        require(attackSuite == null || List.of("all", "list").contains(attackSuite), "--attacks takes all or list");
        require(passes >= 1 && (passes == 1 || "all".equals(attackSuite)), "--passes takes 1 or more, with --attacks all");
        require(attackSuite == null || (faults.isEmpty() && config == null && !baseline),
                "--attacks runs alone: without --fault, --attack, --config and --baseline");
        Set<Integer> turned = new HashSet<>();
        for (FaultSpec fs : faults) {
            if (fs instanceof FaultSpec.Attack a && !a.client()) {
                require(turned.add(a.replicaId()), "--attack " + a.text() + ": replica " + a.replicaId()
                        + " already has a behaviour; one per replica");
            }
        }
        for (FaultSpec f : faults) {
            int replica = f instanceof FaultSpec.KillReplica k ? k.replicaId()
                    : f instanceof FaultSpec.RestartReplica r ? r.replicaId() : ((FaultSpec.Attack) f).replicaId();
            require(replica < replicas, "--fault " + f.text() + ": the group has replicas 0.." + (replicas - 1));
            require(f.atSeconds() < durationSeconds, "--fault " + f.text() + " fires after the measured part ("
                    + durationSeconds + " s) ends");
        }
        try {
            FaultSpec.checkSchedule(faults);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }

    private Run runLocal(String label, Path folder, int n, List<FaultSpec> faults)
            throws IOException, ConfigException, InterruptedException {
        int f = (n - 1) / 3;
        int p = principals != null ? principals : clients;
        boolean faultyClient = faults.stream().anyMatch(x -> x instanceof FaultSpec.Attack a && a.client());
        Files.createDirectories(folder);
        int basePort = FreePorts.findRun(n);
        boolean kv = service.equals("kv");
        var builder = ProtocolParams.builder();
        if (kv) {
            builder.set("kv.megabytes.max", kvMegabytes);
        }
        parameters.forEach(builder::set);
        ProtocolParams params = builder.build();
        // A faulty client gets an identity of its own, the last one, which no load worker uses.
        Path configFile = GroupGenerator.generate(folder, f, n, p + (faultyClient ? 1 : 0), "127.0.0.1", basePort,
                params);
        ClusterConfig cluster = ClusterConfig.load(configFile);
        List<String> loadNames = names(cluster).subList(0, p);
        System.out.printf("bench: %s group n=%d (f=%d) in %s on 127.0.0.1:%d-%d, %s%n", label, n, f, folder, basePort,
                basePort + n - 1, kv ? "key-value service, puts to " + kvKeys + " keys" + (kvPreload ? " (preloaded)" : "")
                        : "null service, " + replyBytes + "-byte replies");
        LoadSpec spec = new LoadSpec(loadNames, clients, requestBytes, warmupSeconds, durationSeconds, faults, warmupMax());
        LoadEngine engine = engine(cluster, spec); // checks the spec before any JVM starts
        List<String> args = new ArrayList<>(kv ? KvLoad.replicaArgs(kvKeys, kvPreload, requestBytes)
                : List.of("--service", "null", "--reply-bytes", Integer.toString(replyBytes)));
        args.addAll(storage.equals("memory") ? List.of("--in-memory") : List.of("--fsync", storage));
        long logMiB = ((long) params.windowSize() * params.batchBytesMax()) >> 20;
        Attacks attacks = new Attacks(folder, faults);
        LocalGroup group = LocalGroup.start(configFile, n, args, attacks.replicaArgs(),
                // The log may hold window.size x batch.bytes.max of batches, and as much again of
                // earlier views' batches in a view change (a client of large requests fills it).
                kv ? 2L * kvMegabytes + logMiB + 128 : Math.max(LocalGroup.DEFAULT_HEAP_MIB, 2 * logMiB + 128),
                System.err);
        if (kv) {
            engine.operations(KvLoad.mixed(kvKeys, requestBytes, readPercent)).readOnly(KvCodec::isGet);
        }
        Thread stopOnCtrlC = new Thread(group::close, "pbft-bench-shutdown"); // no orphaned replica JVMs
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        try (group; attacks) {
            LoadResult result = engine.killer(id -> kill(group, id)).restarter(r -> restart(group, r))
                    .attacker(a -> attacks.start(a, cluster))
                    .replicaProgress(id -> group.status(id).map(st -> OptionalLong.of(st.lastExecuted())).orElse(OptionalLong.empty()))
                    .run();
            return new Run(label, result, context(label, n, f, replyBytes));
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
        }
    }

    /** One run of the attack suite: {@code attack} (null: none) from the start of the measured part. */
    private AttackReport.Row runAttacked(String label, Path folder, FaultSpec.Attack attack)
            throws IOException, ConfigException, InterruptedException {
        Run run = runLocal(label, folder, replicas, attack == null ? List.of() : List.of(attack));
        return new AttackReport.Row(label, run.result.opsPerSecondMean(), run.result.latencyMillisAt(99),
                run.result.errors());
    }

    private Run runExternal(List<FaultSpec> faults) throws InterruptedException, ConfigException {
        ClusterConfig cluster = ClusterConfig.load(config); // refusals: see Main
        List<String> names = clientsFrom != null ? clientsFrom : names(cluster);
        System.out.printf("bench: driving the group of %s (n=%d, f=%d) with clients %s%n", config, cluster.n(), cluster.f(), names);
        LoadSpec spec = new LoadSpec(names, clients, requestBytes, warmupSeconds, durationSeconds, faults, warmupMax());
        Map<String, Object> context = context("external", cluster.n(), cluster.f(), null);
        context.put("config", config.toString());
        return new Run("external", engine(cluster, spec).run(), context);
    }

    private static List<String> names(ClusterConfig cluster) {
        return cluster.clients().stream().map(ClientSpec::name).toList();
    }

    private LoadEngine engine(ClusterConfig cluster, LoadSpec spec) {
        long[] errorsSoFar = {0};
        return new LoadEngine(cluster, spec).clientThreads(clientThreads)
                .sharedConnections(clientConnections.equals("shared")).progress(sample -> {
            errorsSoFar[0] += sample.errors();
            System.out.println(TextReport.progressLine(sample, errorsSoFar[0]));
        });
    }

    private static void kill(LocalGroup group, int id) {
        try {
            group.kill(id);
            System.out.printf("bench: replica %d killed with SIGKILL%n", id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing replica " + id, e);
        }
    }

    private static void restart(LocalGroup group, FaultSpec.RestartReplica r) {
        try {
            if (r.diskLost()) {
                group.restartWithLostDisk(r.replicaId());
                System.out.printf("bench: replica %d started again with its disk lost%n", r.replicaId());
            } else {
                group.restart(r.replicaId());
                System.out.printf("bench: replica %d started again%n", r.replicaId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start replica " + r.replicaId() + " again", e);
        }
    }

    private Map<String, Object> context(String mode, int n, int f, Integer replyBytes) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mode", mode);
        c.put("replicas", n);
        c.put("f", f);
        c.put("service", replyBytes == null ? "as started by its operator" : "null");
        c.put("replyBytes", replyBytes);
        c.put("clientConnections", clientConnections);
        c.put("readPercent", readPercent);
        c.put("processors", Runtime.getRuntime().availableProcessors());
        // Replicas and load share this host: a high load average means the figures say little.
        c.put("loadAverageAtEnd", Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0);
        c.put("java", System.getProperty("java.version"));
        return c;
    }

    private static void write(Path outDir, String prefix, Run run, Run base) throws IOException {
        Map<String, Object> context = new LinkedHashMap<>(run.context);
        Map<String, LoadResult> chartRuns = new LinkedHashMap<>();
        chartRuns.put(run.label + " n=" + run.context.get("replicas"), run.result);
        if (base != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("opsPerSecondMean", Math.round(base.result.opsPerSecondMean() * 10) / 10.0);
            b.put("latencyP50Millis", base.result.latencyMillisAt(50));
            b.put("throughputRatio", ratio(run.result.opsPerSecondMean(), base.result.opsPerSecondMean()));
            context.put("baseline", b);
            chartRuns.put("baseline n=1", base.result);
        }
        JsonReport.write(outDir.resolve(prefix + "result.json"), run.result, context);
        CsvReport.write(outDir.resolve(prefix + "series.csv"), run.result);
        LoadChart.write(outDir.resolve(prefix + "chart.svg"), "pbft bench " + run.label, chartRuns);
    }

    private static void printSummary(Run main, Run base, Path outDir) {
        System.out.println();
        TextReport.summary(main.label + " (n=" + main.context.get("replicas") + ", f=" + main.context.get("f") + ")", main.result)
                .forEach(System.out::println);
        if (base != null) {
            TextReport.summary("baseline (n=1, f=0: same stack, no agreement)", base.result).forEach(System.out::println);
            System.out.printf(Locale.ROOT, "ratio agreement/baseline: throughput %.3f, p50 latency %.2fx%n",
                    ratio(main.result.opsPerSecondMean(), base.result.opsPerSecondMean()),
                    ratio(main.result.latencyMillisAt(50), base.result.latencyMillisAt(50)));
        }
        System.out.printf(Locale.ROOT, "load average %.2f on %d processors (replicas and clients share them)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        System.out.println("results in " + outDir.toAbsolutePath());
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : Math.round(a / b * 1000) / 1000.0;
    }

    private int warmupMax() {
        return warmupMaxSeconds == 0 ? warmupSeconds : warmupMaxSeconds;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
