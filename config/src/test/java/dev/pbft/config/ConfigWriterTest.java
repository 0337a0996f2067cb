package dev.pbft.config;

import static dev.pbft.config.Fixture.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What keygen writes, load reads back into an equal model. */
class ConfigWriterTest {

    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
    }

    private List<ReplicaSpec> replicas(int n) {
        List<ReplicaSpec> out = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            Optional<Path> privateKey = id == 0 ? Optional.of(fx.privateKeyFile("keys/replica-0.key", 100)) : Optional.empty();
            String host = id == 1 ? "::1" : "node" + id + ".example.org";
            out.add(new ReplicaSpec(id, host, 7000 + id, key(id), privateKey));
        }
        return out;
    }

    @Test
    void inlineClientsRoundTrip(@TempDir Path outside) throws Exception {
        Path elsewhere = new Fixture(outside).privateKeyFile("c0.key", 9);
        List<ClientSpec> clients = List.of(
                new ClientSpec("c1", key(41), Optional.of(fx.privateKeyFile("clients/c1.key", 141))),
                new ClientSpec("c0", key(40), Optional.of(elsewhere)));
        ProtocolParams params = ProtocolParams.builder().set("checkpoint.interval", 16).set("window.size", 32).build();
        ClusterConfig written = ClusterConfig.of(1, replicas(4), clients, params);
        Path file = dir.resolve("cluster.conf");
        ConfigWriter.write(file, written, Optional.empty());

        ClusterConfig read = ClusterConfig.load(file);
        assertEquals(written, read);
        assertArrayEquals(written.fingerprint(), read.fingerprint());
        String text = Files.readString(file);
        assertTrue(text.contains("\nreplica.0.private-key-file = keys/replica-0.key\n"), text);
        assertTrue(text.contains("\nclient.c0.private-key-file = " + elsewhere + "\n"), text);
        assertTrue(text.contains("\nreplica.1 = [::1]:7001\n"), text);
    }

    @Test
    void clientsDirRoundTrip() throws Exception {
        fx.publicKeyFile("clients/c0.pub", 40);
        Path c0Key = fx.privateKeyFile("clients/c0.key", 140);
        fx.publicKeyFile("clients/c1.pub", 41);
        ClusterConfig written = ClusterConfig.of(0, replicas(1),
                List.of(new ClientSpec("c0", key(40), Optional.of(c0Key)), new ClientSpec("c1", key(41), Optional.empty())),
                ProtocolParams.defaults());
        Path file = dir.resolve("cluster.conf");
        ConfigWriter.write(file, written, Optional.of(dir.resolve("clients")));
        String text = Files.readString(file);
        assertTrue(text.contains("\nclients.dir = clients\n"), text);
        assertTrue(!text.contains("client.c0"), text);
        assertEquals(written, ClusterConfig.load(file));
    }

    @Test
    void everyParameterIsListedAndOnlyChangedOnesAreActive() {
        ProtocolParams params = ProtocolParams.builder().set(Parameter.OUTBOUND_QUEUE_MAX, 100).build();
        String text = ConfigWriter.render(ClusterConfig.of(0, replicas(1), List.of(), params),
                dir.resolve("cluster.conf"), Optional.empty());
        for (Parameter p : Parameter.values()) {
            String expected = p == Parameter.OUTBOUND_QUEUE_MAX ? "\noutbound.queue.max = 100\n"
                    : "\n# " + p.key() + " = " + p.defaultValue() + "\n";
            assertTrue(text.contains(expected), () -> "missing " + expected + " in\n" + text);
            assertTrue(text.contains(p.description()), p.key());
        }
    }

    @Test
    void writeRefusesToOverwrite() throws Exception {
        Path file = Files.writeString(dir.resolve("cluster.conf"), "precious");
        ClusterConfig config = ClusterConfig.of(0, replicas(1), List.of(), ProtocolParams.defaults());
        assertThrows(FileAlreadyExistsException.class, () -> ConfigWriter.write(file, config, Optional.empty()));
        assertEquals("precious", Files.readString(file));
    }
}
