package dev.pbft.cli;

import dev.pbft.config.ClientSpec;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ConfigWriter;
import dev.pbft.config.KeyFiles;
import dev.pbft.config.ProtocolParams;
import dev.pbft.config.ReplicaSpec;
import dev.pbft.crypto.NodeKeyPair;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a ready-to-run group: fresh key pairs for every replica and client, private keys created
 * with mode 0600 in folders of mode 0700, and a config that names them.
 *
 * <pre>
 *   DIR/cluster.conf             the config (replica public keys inline)
 *   DIR/private/replica-N.key    replica private keys
 *   DIR/clients/NAME.pub, .key   client key pairs (clients.dir)
 * </pre>
 */
public final class GroupGenerator {
    public static final String CONFIG_FILE = "cluster.conf";

    private GroupGenerator() {
    }

    /**
     * @param replicas  n, at least 3f+1
     * @param basePort  replica i listens on basePort + i
     * @return the config file written
     * @throws FileAlreadyExistsException if DIR already holds a config; nothing is overwritten
     */
    public static Path generate(Path dir, int f, int replicas, int clients, String host, int basePort,
                                ProtocolParams params) throws IOException {
        Path configFile = dir.resolve(CONFIG_FILE);
        if (Files.exists(configFile)) {
            throw new FileAlreadyExistsException(configFile.toString(), null, "a config is already there");
        }
        Path privateDir = privateFolder(dir.resolve("private"));
        Path clientsDir = privateFolder(dir.resolve("clients"));
        SecureRandom random = new SecureRandom();
        List<ReplicaSpec> replicaSpecs = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            NodeKeyPair keys = NodeKeyPair.generate(random);
            Path keyFile = privateDir.resolve("replica-" + i + ".key");
            KeyFiles.writePrivate(keyFile, keys.privateKeyBytes(), "private key of replica " + i + "; keep it secret");
            replicaSpecs.add(new ReplicaSpec(i, host, basePort + i, keys.publicKeyBytes(), Optional.of(keyFile)));
        }
        List<ClientSpec> clientSpecs = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String name = "c" + i;
            NodeKeyPair keys = NodeKeyPair.generate(random);
            Path keyFile = clientsDir.resolve(name + ".key");
            KeyFiles.writePublic(clientsDir.resolve(name + ".pub"), keys.publicKeyBytes(), "public key of client " + name);
            KeyFiles.writePrivate(keyFile, keys.privateKeyBytes(), "private key of client " + name + "; keep it secret");
            clientSpecs.add(new ClientSpec(name, keys.publicKeyBytes(), Optional.of(keyFile)));
        }
        ClusterConfig config = ClusterConfig.of(f, replicaSpecs, clientSpecs, params);
        ConfigWriter.write(configFile, config, Optional.of(clientsDir));
        return configFile;
    }

    private static Path privateFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException nonPosix) {
            // The key files' own permissions are what validation checks.
        }
        return folder;
    }
}
