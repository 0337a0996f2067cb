package dev.pbft.cli;

import dev.pbft.bench.load.ClientAttacker;
import dev.pbft.bench.load.FaultSpec;
import dev.pbft.config.ClientSpec;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.KeyFiles;
import dev.pbft.crypto.NodeKeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attacks of one bench run: the test-only arguments that make a replica Byzantine once its
 * trigger file appears, the trigger files, and the faulty client (the config's last client identity,
 * which no load worker uses).
 */
final class Attacks implements AutoCloseable {
    private final Path folder;
    private final Map<Integer, List<String>> replicaArgs = new HashMap<>();
    private ClientAttacker client;

    Attacks(Path folder, List<FaultSpec> faults) {
        this.folder = folder;
        for (FaultSpec f : faults) {
            if (f instanceof FaultSpec.Attack a && !a.client()) {
                replicaArgs.put(a.replicaId(), List.of("--test-only-byzantine", a.behaviour(),
                        "--test-only-byzantine-from", trigger(a.replicaId()).toString()));
            }
        }
    }

    private Path trigger(int replica) {
        return folder.toAbsolutePath().resolve("attack-replica-" + replica);
    }

    /** The extra arguments per replica id. */
    Map<Integer, List<String>> replicaArgs() {
        return replicaArgs;
    }

    /** Starts {@code attack} now: creates the replica's trigger file, or starts the faulty client. */
    void start(FaultSpec.Attack attack, ClusterConfig cluster) {
        try {
            if (!attack.client()) {
                Files.createFile(trigger(attack.replicaId()));
                System.out.printf("bench: replica %d turns %s%n", attack.replicaId(), attack.behaviour());
                return;
            }
            ClientSpec spec = cluster.clients().get(cluster.clients().size() - 1);
            NodeKeyPair keys = NodeKeyPair.fromPrivate(KeyFiles.readPrivate(spec.privateKeyFile().orElseThrow()));
            synchronized (this) {
                client = new ClientAttacker(cluster, spec.name(), keys);
                client.start(attack.behaviour());
            }
            System.out.printf("bench: client %s starts: %s%n", spec.name(), attack.behaviour());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + attack.text(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + attack.text(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
