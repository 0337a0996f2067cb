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
 *
 * <p>With {@link #writeBundles}, also one folder per host to copy there and nothing else: the
 * same config (same fingerprint: private key paths are not part of it) naming only that host's
 * own private key, the clients' public keys, and the one private key.
 *
 * <pre>
 *   DIR/hosts/replica-N/cluster.conf, replica-N.key, clients/NAME.pub
 *   DIR/hosts/clients/cluster.conf, clients/NAME.pub, NAME.key      for the application hosts
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
        return generate(dir, f, replicas, clients, List.of(host), basePort, params);
    }

    /** As above, replica i on {@code hosts.get(i)}, or on the only host if there is one. */
    public static Path generate(Path dir, int f, int replicas, int clients, List<String> hosts, int basePort,
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
            String host = hosts.get(hosts.size() == 1 ? 0 : i);
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

    /**
     * Writes the per-host bundles of the group {@code configFile} describes (see the class comment).
     *
     * @return the bundle folders, replicas' first
     */
    public static List<Path> writeBundles(Path dir, ClusterConfig config) throws IOException {
        Path hosts = dir.resolve("hosts");
        List<Path> bundles = new ArrayList<>();
        for (ReplicaSpec own : config.replicas()) {
            Path bundle = privateFolder(hosts.resolve("replica-" + own.id()));
            Path key = bundle.resolve("replica-" + own.id() + ".key");
            copyPrivate(own.privateKeyFile().orElseThrow(), key, "private key of replica " + own.id() + "; keep it secret");
            List<ReplicaSpec> replicas = new ArrayList<>();
            for (ReplicaSpec r : config.replicas()) {
                replicas.add(new ReplicaSpec(r.id(), r.host(), r.port(), r.publicKey(),
                        r.id() == own.id() ? Optional.of(key) : Optional.empty()));
            }
            writeBundle(bundle, config, replicas, false);
            bundles.add(bundle);
        }
        Path clients = privateFolder(hosts.resolve("clients"));
        List<ReplicaSpec> replicas = new ArrayList<>();
        for (ReplicaSpec r : config.replicas()) {
            replicas.add(new ReplicaSpec(r.id(), r.host(), r.port(), r.publicKey(), Optional.empty()));
        }
        writeBundle(clients, config, replicas, true);
        bundles.add(clients);
        return bundles;
    }

    /** A bundle's config and clients folder: public keys, and the clients' private keys if {@code withClientKeys}. */
    private static void writeBundle(Path bundle, ClusterConfig config, List<ReplicaSpec> replicas, boolean withClientKeys)
            throws IOException {
        Path clientsDir = privateFolder(bundle.resolve("clients"));
        List<ClientSpec> clients = new ArrayList<>();
        for (ClientSpec c : config.clients()) {
            KeyFiles.writePublic(clientsDir.resolve(c.name() + ".pub"), c.publicKey(), "public key of client " + c.name());
            Optional<Path> key = Optional.empty();
            if (withClientKeys) {
                key = Optional.of(clientsDir.resolve(c.name() + ".key"));
                copyPrivate(c.privateKeyFile().orElseThrow(), key.get(), "private key of client " + c.name()
                        + "; keep it secret");
            }
            clients.add(new ClientSpec(c.name(), c.publicKey(), key));
        }
        ConfigWriter.write(bundle.resolve(CONFIG_FILE), ClusterConfig.of(config.f(), replicas, clients, config.params()),
                Optional.of(clientsDir));
    }

    /** Copies a private key file as a new one of mode 0600 (a plain copy would take the umask's mode). */
    private static void copyPrivate(Path from, Path to, String comment) throws IOException {
        byte[] key = KeyFiles.readPrivate(from);
        try {
            KeyFiles.writePrivate(to, key, comment);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
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
