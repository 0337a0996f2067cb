package dev.pbft.cli;

import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Generates a group's keys and config, then loads the result back as a replica would. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Writes a ready-to-run cluster config and fresh key pairs into a folder.",
                "Private keys are created with mode 0600 and must never be committed. With --hosts, also one bundle"
                        + " per host in DIR/hosts: copy DIR/hosts/replica-N to replica N's host (the config, the clients'"
                        + " public keys and that replica's private key alone) and DIR/hosts/clients to the"
                        + " application's hosts; nothing else needs to leave this machine."})
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--f", defaultValue = "1", description = "faulty replicas to tolerate (default: ${DEFAULT-VALUE})")
    int f;

    @Option(names = "--replicas", description = "number of replicas n (default: 3f+1)")
    Integer replicas;

    @Option(names = "--clients", defaultValue = "4", description = "number of clients c0..cN-1 (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "folder to write into; created if missing")
    Path dir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "replica host (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--hosts", split = ",", paramLabel = "HOST",
            description = "one host per replica, in id order (replica i on the i-th, port base-port + i), and"
                    + " write a bundle per host; instead of --host")
    List<String> hosts;

    @Option(names = "--base-port", defaultValue = "7000",
            description = "replica i listens on base-port + i (default: ${DEFAULT-VALUE})")
    int basePort;

    @Override
    public Integer call() throws Exception {
        int n = replicas == null ? 3 * f + 1 : replicas;
        if (f < 0 || n < 3 * f + 1 || clients < 0 || basePort < 1 || basePort + n - 1 > 65_535) {
            System.err.printf("keygen: need f >= 0, replicas >= 3f+1 (%d), clients >= 0, and ports %d..%d "
                    + "within 1..65535%n", 3 * f + 1, basePort, basePort + n - 1);
            return Main.EXIT_USAGE;
        }
        if (hosts != null && hosts.size() != n) {
            System.err.printf("pbft keygen: --hosts names %d hosts for %d replicas; expected one per replica, in id"
                    + " order%n", hosts.size(), n);
            return Main.EXIT_USAGE;
        }
        Path configFile;
        try {
            configFile = GroupGenerator.generate(dir, f, n, clients, hosts == null ? List.of(host) : hosts, basePort,
                    ProtocolParams.defaults());
        } catch (FileAlreadyExistsException e) {
            System.err.println("keygen: " + e.getFile() + " already exists; choose another --dir or remove it");
            return Main.EXIT_USAGE;
        }
        ClusterConfig written = ClusterConfig.load(configFile); // must load: a refusal is reported by Main
        System.out.printf("wrote %s: f=%d, %d replicas on %s, ports %d-%d, %d clients%n", configFile, f, n,
                hosts == null ? host : String.join(", ", hosts), basePort, basePort + n - 1, clients);
        if (hosts != null) {
            for (Path bundle : GroupGenerator.writeBundles(dir, written)) {
                ClusterConfig.load(bundle.resolve(GroupGenerator.CONFIG_FILE)); // each must load on its own
            }
            System.out.printf("bundles in %s: copy hosts/replica-N to replica N's host and run there"
                    + " 'pbft replica --config cluster.conf --id N'; hosts/clients to the application's hosts%n", dir);
        }
        System.out.printf("private keys (mode 0600) in %s and %s; never commit them%n",
                dir.resolve("private"), dir.resolve("clients"));
        return 0;
    }
}
