package dev.pbft.cli;

import dev.pbft.config.ClusterConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts every replica of a config as its own JVM on this host. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts every replica of the config as its own JVM on this host and",
                "stops them all on Ctrl-C or SIGTERM. Replica output is prefixed with [rN]."})
final class UpCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the cluster config file")
    Path config;

    @Option(names = "--service", defaultValue = "kv", description = "kv or null (default: ${DEFAULT-VALUE})")
    String service;

    @Override
    public Integer call() throws Exception {
        ClusterConfig cluster = ClusterConfig.load(config); // refusals: see Main
        LocalGroup group = LocalGroup.start(config, cluster.n(), service);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            group.close();
            done.countDown();
        }, "pbft-up-shutdown"));
        System.out.printf("up: %d replicas of %s started; Ctrl-C stops them%n", cluster.n(), config);
        group.awaitAnyExit();
        return done.getCount() == 0 ? 0 : 1;
    }
}
