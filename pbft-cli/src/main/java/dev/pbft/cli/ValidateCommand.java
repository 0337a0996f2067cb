package dev.pbft.cli;

import dev.pbft.config.ClusterConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Loads a config the way a replica would and reports every problem, one line each. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a cluster config file and every key file it names.",
                "Prints one line per problem (file:line: key: what is wrong; expected ...) and exits 2,",
                "or a one-line summary and exits 0."})
final class ValidateCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the cluster config file")
    Path config;

    @Override
    public Integer call() throws Exception {
        ClusterConfig c = ClusterConfig.load(config); // refusals: see Main
        System.out.printf("%s: OK: f=%d, %d replicas, %d clients, fingerprint %s%n", config, c.f(), c.n(),
                c.clients().size(), c.fingerprintHex().substring(0, 16));
        return 0;
    }
}
