package dev.pbft.cli;

import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import dev.pbft.replica.runtime.Replica;
import dev.pbft.replica.service.KvService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Four key-value replicas (f = 1) and one client identity in this JVM, on loopback; for tests over real sockets. */
final class InProcessGroup implements AutoCloseable {
    final Path file;
    final ClusterConfig config;
    final List<Replica> replicas = new ArrayList<>();

    private InProcessGroup(Path file, ClusterConfig config) {
        this.file = file;
        this.config = config;
    }

    /** Writes a config with {@code params} and keys into {@code dir} and starts every replica, in memory. */
    static InProcessGroup start(Path dir, ProtocolParams params) throws Exception {
        Path file = GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4), params);
        InProcessGroup group = new InProcessGroup(file, ClusterConfig.load(file));
        try {
            for (int id = 0; id < 4; id++) {
                group.replicas.add(Replica.builder().config(group.config).id(id).service(new KvService()).start());
            }
        } catch (Exception | Error e) {
            group.close();
            throw e;
        }
        return group;
    }

    /** Closes every replica; closing one twice is harmless. */
    @Override
    public void close() {
        replicas.forEach(Replica::close);
    }
}
