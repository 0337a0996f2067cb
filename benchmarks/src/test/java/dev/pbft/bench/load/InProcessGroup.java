package dev.pbft.bench.load;

import dev.pbft.config.ClientSpec;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.KeyFiles;
import dev.pbft.config.ProtocolParams;
import dev.pbft.config.ReplicaSpec;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.replica.runtime.Replica;
import dev.pbft.replica.service.NullService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * n replicas of the null service in this JVM on loopback, with client key files in a folder, as
 * GroupGenerator (pbft-cli, which this module cannot depend on) would write them.
 */
final class InProcessGroup implements AutoCloseable {
    final ClusterConfig config;
    private final List<Replica> replicas = new ArrayList<>();

    InProcessGroup(Path dir, int f, int n, int clients) throws IOException, InterruptedException {
        SecureRandom random = new SecureRandom();
        List<NodeKeyPair> replicaKeys = new ArrayList<>();
        List<ReplicaSpec> replicaSpecs = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>(); // open until all are picked: no port twice
        for (int i = 0; i < n; i++) {
            NodeKeyPair keys = NodeKeyPair.generate(random);
            replicaKeys.add(keys);
            held.add(freeSocket());
            replicaSpecs.add(new ReplicaSpec(i, "127.0.0.1", held.get(i).getLocalPort(), keys.publicKeyBytes(),
                    Optional.empty()));
        }
        for (ServerSocket s : held) {
            s.close();
        }
        List<ClientSpec> clientSpecs = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            NodeKeyPair keys = NodeKeyPair.generate(random);
            Path keyFile = dir.resolve("c" + i + ".key");
            KeyFiles.writePrivate(keyFile, keys.privateKeyBytes(), "test client c" + i);
            clientSpecs.add(new ClientSpec("c" + i, keys.publicKeyBytes(), Optional.of(keyFile)));
        }
        config = ClusterConfig.of(f, replicaSpecs, clientSpecs, ProtocolParams.defaults());
        try {
            for (int i = 0; i < n; i++) {
                replicas.add(Replica.builder().config(config).id(i).keys(replicaKeys.get(i)).service(new NullService(8)).start());
            }
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    List<String> clientNames() {
        return config.clients().stream().map(ClientSpec::name).toList();
    }

    /** Closes replica {@code id} abruptly for a test of the kill fault. */
    void stop(int id) {
        replicas.get(id).close();
    }

    @Override
    public void close() {
        replicas.forEach(Replica::close);
    }

    /** A port that was free a moment ago; the replicas bind them right after. */
    private static ServerSocket freeSocket() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return s;
    }
}
