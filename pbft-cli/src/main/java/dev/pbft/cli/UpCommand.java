package dev.pbft.cli;

import dev.pbft.config.ClusterConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts every replica of a config as its own JVM on this host. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts every replica of the config as its own JVM on this host.",
                "Stops them all on Ctrl-C or SIGTERM. Replica output is prefixed with [rN]. Prints a ready line once"
                        + " 2f+1 replicas serve; a replica that exits is named with its exit code and the others keep"
                        + " running. Exits 0 when stopped, 1 once every replica has exited by itself."})
final class UpCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the cluster config file")
    Path config;

    @Option(names = "--service", defaultValue = "kv", description = "kv or null (default: ${DEFAULT-VALUE})")
    String service;

    @Option(names = "--metrics-base-port", paramLabel = "PORT",
            description = "replica i serves Prometheus metrics at http://127.0.0.1:(PORT + i)/metrics")
    Integer metricsBasePort;

    @Option(names = "--service-class", paramLabel = "CLASS",
            description = "every replica runs this Service class from the classpath (see pbft replica --help)")
    String serviceClass;

    @Override
    public Integer call() throws Exception {
        ClusterConfig cluster = ClusterConfig.load(config); // refusals: see Main
        Map<Integer, List<String>> perReplica = new HashMap<>();
        if (metricsBasePort != null) {
            if (metricsBasePort < 1 || metricsBasePort + cluster.n() - 1 > 65_535) {
                System.err.printf("pbft up: --metrics-base-port %d: ports %d..%d must lie within 1..65535%n",
                        metricsBasePort, metricsBasePort, metricsBasePort + cluster.n() - 1);
                return Main.EXIT_USAGE;
            }
            for (int id = 0; id < cluster.n(); id++) {
                perReplica.put(id, List.of("--metrics", "127.0.0.1:" + (metricsBasePort + id)));
            }
        }
        LocalGroup group = LocalGroup.start(config, cluster.n(),
                serviceClass != null ? List.of("--service-class", serviceClass) : List.of("--service", service),
                perReplica, LocalGroup.DEFAULT_HEAP_MIB, System.err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            group.close();
        }, "pbft-up-shutdown"));
        System.out.printf("up: starting %d replicas of %s; Ctrl-C stops them%n", cluster.n(), config);
        GroupWatch watch = new GroupWatch(group, cluster.f(), System.out);
        while (stopped.getCount() > 0) {
            if (watch.poll() == 0) {
                System.out.println("up: every replica has exited");
                return Main.EXIT_FAILED;
            }
            stopped.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        return 0;
    }

    private static final long POLL_MILLIS = 200;
}
