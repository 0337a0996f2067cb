package dev.pbft.config;

import static dev.pbft.config.Fixture.key;
import static dev.pbft.config.Fixture.validLines;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A valid file loads into the expected model, with defaults, principals and a stable fingerprint. */
class ValidConfigTest {

    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void setUp() {
        fx = new Fixture(dir);
        fx.publicKeyFile("keys/replica-3.pub", 3);
        fx.privateKeyFile("keys/replica-0.key", 100);
        fx.publicKeyFile("clients/zed.pub", 26);
        fx.privateKeyFile("clients/zed.key", 126);
        fx.publicKeyFile("clients/bob.pub", 22);
        fx.privateKeyFile("alice.key", 121);
    }

    /** f = 1, replicas 0..3 (replica 3's key from a file, replica 0's private key), inline and folder clients. */
    private static List<String> fullLines() {
        List<String> lines = validLines();
        lines.removeIf(l -> l.startsWith("replica.3.public-key"));
        lines.add("replica.3.public-key-file = keys/replica-3.pub");
        lines.add("replica.0.private-key-file = keys/replica-0.key");
        lines.add("client.alice.public-key = " + Fixture.inlineKey(21));
        lines.add("client.alice.private-key-file = alice.key");
        lines.add("clients.dir = clients");
        lines.add("checkpoint.interval = 16");
        return lines;
    }

    @Test
    void validConfigLoadsTheExpectedModel() {
        ClusterConfig config = fx.load(fullLines());
        assertEquals(dir.resolve("cluster.conf"), config.source());
        assertEquals(1, config.f());
        assertEquals(4, config.n());
        assertEquals(3, config.quorum());
        assertEquals(2, config.replyQuorum());
        for (int id = 0; id < 4; id++) {
            ReplicaSpec r = config.replica(id);
            assertEquals(id, r.id());
            assertEquals("127.0.0.1", r.host());
            assertEquals(7000 + id, r.port());
            assertArrayEquals(key(id), r.publicKey());
        }
        assertEquals(Optional.of(dir.resolve("keys/replica-0.key")), config.replica(0).privateKeyFile());
        assertEquals(Optional.empty(), config.replica(1).privateKeyFile());
        assertEquals(List.of("alice", "bob", "zed"), config.clients().stream().map(ClientSpec::name).toList());
        assertArrayEquals(key(21), config.client("alice").orElseThrow().publicKey());
        assertEquals(Optional.of(dir.resolve("alice.key")), config.client("alice").orElseThrow().privateKeyFile());
        assertEquals(Optional.empty(), config.client("bob").orElseThrow().privateKeyFile());
        assertEquals(Optional.of(dir.resolve("clients/zed.key")), config.client("zed").orElseThrow().privateKeyFile());
        assertEquals(16, config.params().checkpointInterval());
        assertEquals(ProtocolParams.defaults().toBuilder().set(Parameter.CHECKPOINT_INTERVAL, 16).build(), config.params());
    }

    @Test
    void omittedParametersTakeTheirDocumentedDefaults() {
        ProtocolParams p = fx.load(validLines()).params();
        assertEquals(128, p.checkpointInterval());
        assertEquals(256, p.windowSize());
        assertEquals(512, p.batchRequestsMax());
        assertEquals(1_048_576, p.batchBytesMax());
        assertEquals(65_536, p.requestBytesMax());
        assertEquals(4_194_304, p.frameBytesMax());
        assertEquals(8, p.pipelineBatchesMax());
        assertEquals(2000, p.requestTimeoutMillis());
        assertEquals(4000, p.viewChangeTimeoutMillis());
        assertEquals(5000, p.clientTimeoutMillis());
        assertEquals(500, p.clientRetransmitMillis());
        assertEquals(64, p.clientOutstandingMax());
        assertEquals(50, p.connectBackoffMinMillis());
        assertEquals(2000, p.connectBackoffMaxMillis());
        assertEquals(16_384, p.outboundQueueMax());
        assertEquals(ProtocolParams.defaults(), p);
    }

    @Test
    void principalsAreReplicasThenClientsBySortedName() {
        ClusterConfig config = fx.load(fullLines());
        assertEquals(7, config.principalCount());
        assertEquals(4, config.clientPrincipal("alice"));
        assertEquals(6, config.clientPrincipal("zed"));
        assertEquals("replica 2", config.principalName(2));
        assertEquals("client bob", config.principalName(5));
        assertEquals("bob", config.clientByPrincipal(5).name());
        assertTrue(config.isReplica(3));
        assertFalse(config.isReplica(4));
        assertThrows(IllegalArgumentException.class, () -> config.principalName(7));
        assertThrows(IllegalArgumentException.class, () -> config.clientPrincipal("nobody"));
        assertThrows(IllegalArgumentException.class, () -> config.replica(4));
    }

    @Test
    void fingerprintCoversTheGroupButNotPathsOrPrivateKeys() {
        ClusterConfig full = fx.load(fullLines());
        assertEquals(32, full.fingerprint().length);
        assertEquals(64, full.fingerprintHex().length());

        List<String> noPrivatePaths = fullLines();
        noPrivatePaths.removeIf(l -> l.contains("private-key-file"));
        ClusterConfig withoutPaths = fx.load(noPrivatePaths);
        assertArrayEquals(full.fingerprint(), withoutPaths.fingerprint());
        assertFalse(full.equals(withoutPaths), "equality includes private key paths");

        List<String> otherParams = fullLines();
        otherParams.add("batch.requests.max = 100");
        assertFalse(java.util.Arrays.equals(full.fingerprint(), fx.load(otherParams).fingerprint()));

        List<String> otherPort = fullLines();
        otherPort.set(Fixture.lineOf(otherPort, "replica.2 ") - 1, "replica.2 = 127.0.0.1:9999");
        assertFalse(java.util.Arrays.equals(full.fingerprint(), fx.load(otherPort).fingerprint()));
    }

    @Test
    void modelCopiesKeysDefensively() {
        byte[] k = key(1);
        ReplicaSpec r = new ReplicaSpec(0, "127.0.0.1", 7000, k, Optional.empty());
        k[0]++;
        r.publicKey()[1]++;
        assertArrayEquals(key(1), r.publicKey());
        assertEquals(r, new ReplicaSpec(0, "127.0.0.1", 7000, key(1), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new ReplicaSpec(0, "h", 7000, new byte[32], Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new ClientSpec("bad name", key(1), Optional.empty()));
    }

    @Test
    void inMemoryConfigIsValidatedLikeAFile() {
        List<ReplicaSpec> three = List.of(
                new ReplicaSpec(0, "a", 1, key(0), Optional.empty()),
                new ReplicaSpec(1, "b", 1, key(1), Optional.empty()),
                new ReplicaSpec(2, "c", 1, key(2), Optional.empty()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.of(1, three, List.of(), ProtocolParams.defaults()));
        assertEquals("4 replicas are needed for f=1 (n >= 3f+1), found 3", e.getMessage());
        ClusterConfig c = ClusterConfig.of(0, three, List.of(), ProtocolParams.defaults());
        assertEquals(ClusterConfig.IN_MEMORY, c.source());
        assertEquals(3, c.n());
    }

    @Test
    void missingConfigFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.load(dir.resolve("absent.conf")));
        assertEquals(dir.resolve("absent.conf") + ": does not exist; expected the path of a cluster config file", e.getMessage());
    }
}
