package dev.pbft.cli;

import dev.pbft.config.ClientSpec;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.KeyFileException;
import dev.pbft.config.KeyFiles;
import dev.pbft.config.ReplicaSpec;
import dev.pbft.crypto.NodeKeyPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Loads a config the way a replica would and reports every problem, one line each. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a cluster config, its key files, and that each private key matches its public key.",
                "Prints one line per problem (file:line: key: what is wrong; expected ...) and exits 2, or 3 if only"
                        + " keys do not match; otherwise prints a one-line summary and exits 0."})
final class ValidateCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the cluster config file")
    Path config;

    @Override
    public Integer call() throws Exception {
        ClusterConfig c = ClusterConfig.load(config); // refusals: see Main
        List<String> mismatches = new ArrayList<>();
        for (ReplicaSpec r : c.replicas()) {
            r.privateKeyFile().ifPresent(file -> check(file, r.publicKey(), "replica." + r.id(), mismatches));
        }
        for (ClientSpec client : c.clients()) {
            client.privateKeyFile().ifPresent(file -> check(file, client.publicKey(), "client " + client.name(),
                    mismatches));
        }
        if (!mismatches.isEmpty()) {
            mismatches.forEach(System.err::println);
            return Main.EXIT_KEY;
        }
        System.out.printf("%s: OK: f=%d, %d replicas, %d clients, fingerprint %s%n", config, c.f(), c.n(),
                c.clients().size(), c.fingerprintHex().substring(0, 16));
        return 0;
    }

    /** Adds a line to {@code mismatches} if the private key in {@code file} is not {@code publicKey}'s. */
    private void check(Path file, byte[] publicKey, String who, List<String> mismatches) {
        try {
            if (!Arrays.equals(NodeKeyPair.fromPrivate(KeyFiles.readPrivate(file)).publicKeyBytes(), publicKey)) {
                mismatches.add(config + ": " + who + ": private key file " + file + " does not belong to the public"
                        + " key the config lists; expected the key file written with it (keygen)");
            }
        } catch (KeyFileException e) {
            mismatches.add(config + ": " + who + ": " + e.getMessage()); // the load checked it; it changed since
        }
    }
}
