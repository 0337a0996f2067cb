package dev.pbft.cli;

import dev.pbft.config.ClusterConfig;
import dev.pbft.config.KeyFiles;
import dev.pbft.config.Parameter;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.protocol.transport.ListenException;
import dev.pbft.replica.core.CoreSettings;
import dev.pbft.replica.runtime.Replica;
import dev.pbft.replica.service.KvService;
import dev.pbft.replica.service.NullService;
import dev.pbft.replica.service.Service;
import dev.pbft.replica.storage.FsyncPolicy;
import dev.pbft.sim.ReplicaAttack;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs one replica in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "replica", mixinStandardHelpOptions = true,
        description = {"Runs one replica of the group described by the config file.",
                "Stops cleanly on SIGTERM or Ctrl-C."})
final class ReplicaCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the cluster config file")
    Path config;

    @Option(names = "--id", required = true, description = "this replica's id (0..n-1)")
    int id;

    @Option(names = "--key", paramLabel = "FILE",
            description = "private key file (default: replica.<id>.private-key-file from the config)")
    Path key;

    @Option(names = "--service", defaultValue = "kv",
            description = "replicated service: kv (key-value store) or null (for benchmarks) (default: ${DEFAULT-VALUE})")
    String service;

    @Option(names = "--service-class", paramLabel = "CLASS",
            description = "run your own service: a class on the classpath (PBFT_CLASSPATH for ./pbft) that implements"
                    + " dev.pbft.replica.service.Service and has a public constructor without arguments; instead of"
                    + " --service")
    String serviceClass;

    @Option(names = "--reply-bytes", defaultValue = "0", description = "reply size of the null service (default: ${DEFAULT-VALUE})")
    int replyBytes;

    @Option(names = "--kv-preload", defaultValue = "0", paramLabel = "N",
            description = "with --service kv: start holding keys k0..k<N-1>, the same on every replica (benchmarks)")
    int kvPreload;

    @Option(names = "--kv-preload-bytes", defaultValue = "0", paramLabel = "B", description = "value size of the preloaded keys")
    int kvPreloadBytes;

    @Option(names = "--lost-disk",
            description = "this replica took part before but lost its data directory: start empty, fetch the state, and"
                    + " vote on nothing it may have voted on before")
    boolean lostDisk;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where the journal and checkpoint images live (default: data/replica-<id> beside the config file)")
    Path dataDir;

    @Option(names = "--fsync", defaultValue = "always", paramLabel = "POLICY",
            description = "always: each burst's journal entries reach the disk before its messages leave (survives power loss);"
                    + " never: they reach the operating system only (survives a crash of the process, not of the machine)"
                    + " (default: ${DEFAULT-VALUE})")
    String fsync;

    @Option(names = "--in-memory",
            description = "keep nothing on disk: the replica forgets everything when it stops (tests and benchmarks)")
    boolean inMemory;

    @Option(names = "--status-file", paramLabel = "FILE",
            description = "where to keep this replica's view, last executed sequence number, low water mark and"
                    + " connected peers, rewritten every 100 ms while they change (default: DIR/status in the data"
                    + " directory; none with --in-memory)")
    Path statusFile;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "serve Prometheus metrics at http://HOST:PORT/metrics (requests and batches executed, batch"
                    + " size, view and view changes, checkpoints, state transfers, rejections and drops by reason,"
                    + " queue depths, connected peers); none without this option")
    String metrics;

    @Option(names = "--test-only-byzantine", hidden = true, paramLabel = "BEHAVIOUR",
            description = "test-only: this replica turns Byzantine (a simulator behaviour) for benchmarks")
    String byzantine;

    @Option(names = "--test-only-byzantine-from", hidden = true, paramLabel = "FILE",
            description = "test-only: the behaviour starts once FILE exists (at once without this option)")
    Path byzantineFrom;

    /** The test-only Byzantine behaviour of {@code --test-only-byzantine}, armed by its trigger file. */
    private ReplicaAttack attack(ClusterConfig cluster) {
        Path trigger = byzantineFrom;
        long requestTicks = CoreSettings.from(cluster, id, Replica.DEFAULT_TICK_MILLIS).timeouts().requestTicks();
        return new ReplicaAttack(byzantine, id, cluster.n(), cluster.params().windowSize(),
                cluster.params().checkpointInterval(), cluster.clients().size(), requestTicks,
                () -> trigger == null || Files.exists(trigger));
    }

    @Override
    public Integer call() throws Exception {
        ClusterConfig cluster = ClusterConfig.load(config); // refusals: see Main
        if (id < 0 || id >= cluster.n()) {
            System.err.printf("replica: --id %d is not a replica of %s (ids 0..%d)%n", id, config, cluster.n() - 1);
            return Main.EXIT_USAGE;
        }
        Service svc;
        try {
            svc = serviceClass != null ? ServiceClasses.instantiate(serviceClass) : builtIn(cluster);
        } catch (IllegalArgumentException e) {
            System.err.println("pbft replica: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        if (svc == null) {
            System.err.println("pbft replica: --service must be kv or null, not " + service);
            return Main.EXIT_USAGE;
        }
        return run(cluster, svc);
    }

    /** The service {@code --service} names, or null if it names none. */
    private Service builtIn(ClusterConfig cluster) {
        return switch (service) {
            case "kv" -> new KvService(KvService.DEFAULT_PARTITIONS,
                    (long) cluster.params().get(Parameter.KV_MEGABYTES_MAX) << 20);
            case "null" -> new NullService(replyBytes);
            default -> null;
        };
    }

    private int run(ClusterConfig cluster, Service svc) throws Exception {
        if (svc instanceof KvService) {
            long logMiB = ((long) cluster.params().windowSize() * cluster.params().batchBytesMax()) >> 20;
            long neededMiB = 2L * cluster.params().get(Parameter.KV_MEGABYTES_MAX) + logMiB;
            long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
            if (heapMiB < neededMiB) {
                System.err.printf("replica: %s sets kv.megabytes.max = %d and its log may hold %d MiB of batches"
                        + " (window.size x batch.bytes.max), which needs a heap of about %d MiB; this JVM has %d MiB."
                        + " Give it more (-Xmx; PBFT_REPLICA_JAVA_OPTS for up, bench and demo) or lower"
                        + " kv.megabytes.max%n", config, cluster.params().get(Parameter.KV_MEGABYTES_MAX), logMiB,
                        neededMiB, heapMiB);
                return Main.EXIT_USAGE;
            }
        }
        FsyncPolicy policy = switch (fsync) {
            case "always" -> FsyncPolicy.ALWAYS;
            case "never" -> FsyncPolicy.NEVER;
            default -> null;
        };
        if (policy == null) {
            System.err.println("replica: --fsync must be always or never, not " + fsync);
            return Main.EXIT_USAGE;
        }
        if (svc instanceof KvService kv && kvPreload > 0) {
            KvPreload.fill(kv, kvPreload, kvPreloadBytes);
        }
        var builder = Replica.builder().config(cluster).id(id).service(svc).lostDisk(lostDisk);
        Path status = statusFile;
        if (!inMemory) {
            Path dir = dataDir != null ? dataDir
                    : config.toAbsolutePath().getParent().resolve("data").resolve("replica-" + id);
            builder.dataDir(dir).fsync(policy);
            if (status == null) {
                status = dir.resolve("status");
            }
        }
        Path keyFile = key != null ? key : cluster.replica(id).privateKeyFile().orElse(null);
        if (keyFile == null) {
            System.err.printf("pbft replica: replica %d has no private key: give --key FILE, or set"
                    + " replica.%d.private-key-file in %s%n", id, id, config);
            return Main.EXIT_KEY;
        }
        NodeKeyPair keys = NodeKeyPair.fromPrivate(KeyFiles.readPrivate(keyFile)); // a KeyFileException: see Main
        if (!Arrays.equals(keys.publicKeyBytes(), cluster.replica(id).publicKey())) {
            System.err.printf("pbft replica: key file %s does not belong to replica.%d.public-key in %s; every peer"
                    + " would refuse this replica: give the key file written with that public key%n", keyFile, id, config);
            return Main.EXIT_KEY;
        }
        builder.keys(keys);
        if (byzantine != null) {
            try {
                builder.testOnlyInterposer(attack(cluster));
            } catch (IllegalArgumentException e) {
                System.err.println("replica: --test-only-byzantine: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
        }
        MetricsServer metricsServer = null;
        if (metrics != null) {
            InetSocketAddress address;
            try {
                address = MetricsServer.address(metrics);
            } catch (IllegalArgumentException e) {
                System.err.println("pbft replica: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            try {
                metricsServer = new MetricsServer(address);
            } catch (IOException e) {
                System.err.println("pbft replica: replica " + id + " " + e.getMessage() + "; choose another --metrics"
                        + " address");
                return Main.EXIT_ADDRESS;
            }
            builder.meterRegistry(metricsServer.registry());
        }
        MetricsServer served = metricsServer;
        // The hook is in place before the replica starts: a SIGTERM right after its start line
        // (an operator, or `up` closing a group that just started) still closes it and prints its
        // summary, once the start is over.
        CompletableFuture<Replica> started = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.get(10, TimeUnit.SECONDS).close();
            } catch (InterruptedException | ExecutionException | TimeoutException notStarted) {
                // Nothing to close: the start failed, and said why.
            }
            if (served != null) {
                served.close();
            }
        }, "pbft-shutdown"));
        Replica replica;
        try {
            replica = builder.start();
        } catch (ListenException e) {
            started.completeExceptionally(e);
            System.err.printf("pbft replica: replica %d %s; stop the process that holds it, or change replica.%d in"
                    + " %s%n", id, e.getMessage(), id, config);
            return Main.EXIT_ADDRESS;
        } catch (RuntimeException | InterruptedException e) {
            started.completeExceptionally(e);
            throw e;
        }
        started.complete(replica);
        if (status != null) {
            StatusFile.startWriter(status, replica::status);
        }
        // Runs until SIGTERM or Ctrl-C (the hook closes the replica and the JVM exits), or until the
        // core fails: then the process exits non-zero so that `up` and operators see it.
        Throwable cause = replica.failure().get();
        System.err.printf("replica %d: core failed (%s); exiting%n", id, cause);
        return 1;
    }
}
