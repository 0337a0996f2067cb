package dev.pbft.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.KeyFiles;
import dev.pbft.config.ProtocolParams;
import dev.pbft.crypto.NodeKeyPair;
import dev.pbft.replica.runtime.Replica;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example, run for real: 4 in-process replicas of a user service and a client. */
class EmbeddingExampleTest {
    @TempDir
    Path dir;

    /** The README's service: a counter, deterministic, bytes in and bytes out. */
    static final class Counter implements Service {
        private long value;

        @Override
        public byte[] execute(ExecutionContext ctx, byte[] op) {
            value += op.length == 0 ? 1 : op[0];
            return Long.toString(value).getBytes(UTF_8);
        }

        @Override
        public byte[] snapshot() {
            return Long.toString(value).getBytes(UTF_8);
        }

        @Override
        public void restore(byte[] snapshot) {
            value = Long.parseLong(new String(snapshot, UTF_8));
        }
    }

    @Test
    void embeddedReplicasServeAnEmbeddedClient() throws Exception {
        Path file = GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4), ProtocolParams.defaults());
        ClusterConfig config = ClusterConfig.load(file);
        List<Replica> replicas = new ArrayList<>();
        try {
            for (int id = 0; id < 4; id++) {
                replicas.add(Replica.builder().config(config).id(id).service(new Counter())
                        .dataDir(dir.resolve("data/replica-" + id)).start());
            }
            try (PbftClient client = PbftClient.builder().config(config).client("c0").build()) {
                assertEquals("5", new String(client.invoke(new byte[] {5}), UTF_8));
                assertEquals("6", new String(client.invokeAsync(new byte[0]).get(), UTF_8));
            }
        } finally {
            replicas.forEach(Replica::close);
        }
    }

    @Test
    void aReplicaGivenAnotherReplicasKeyRefusesToStart() throws Exception {
        Path file = GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4), ProtocolParams.defaults());
        ClusterConfig config = ClusterConfig.load(file);
        NodeKeyPair replica2 = NodeKeyPair.fromPrivate(KeyFiles.readPrivate(config.replica(2).privateKeyFile().orElseThrow()));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Replica.builder().config(config).id(1).keys(replica2).service(new Counter()).start());
        assertEquals("the private key given for replica 1 does not belong to replica.1.public-key in " + config.source()
                + "; expected the key file written with that public key (keygen)", e.getMessage());
    }

    /** A service that breaks its contract by throwing. */
    static final class Throwing implements Service {
        @Override
        public byte[] execute(ExecutionContext ctx, byte[] op) {
            throw new IllegalStateException("service bug");
        }

        @Override
        public byte[] snapshot() {
            return new byte[0];
        }

        @Override
        public void restore(byte[] snapshot) {
        }
    }

    @Test
    void aReplicaWhoseCoreFailsReportsItAndTheOthersGoOn() throws Exception {
        Path file = GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4), ProtocolParams.defaults());
        ClusterConfig config = ClusterConfig.load(file);
        List<Replica> replicas = new ArrayList<>();
        try {
            for (int id = 0; id < 4; id++) {
                Service service = id == 2 ? new Throwing() : new Counter();
                replicas.add(Replica.builder().config(config).id(id).service(service).start());
            }
            try (PbftClient client = PbftClient.builder().config(config).client("c0").build()) {
                assertEquals("5", new String(client.invoke(new byte[] {5}), UTF_8), "f=1: three correct replicas suffice");
            }
            Throwable cause = replicas.get(2).failure().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("service bug", cause.getMessage());
            assertEquals(false, replicas.get(0).failure().isDone());
        } finally {
            replicas.forEach(Replica::close);
        }
    }
}
