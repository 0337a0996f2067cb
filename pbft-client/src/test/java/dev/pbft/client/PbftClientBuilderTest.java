package dev.pbft.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.config.KeyFiles;
import dev.pbft.config.ProtocolParams;
import dev.pbft.protocol.TestKeys;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PbftClientBuilderTest {

    @Test
    void withoutAKeyTheConfigsPrivateKeyFileIsRead(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("c0.key");
        var keys = new TestKeys(FakeReplicas.N + 1, FakeReplicas.KEY_SEED); // the group's own keys
        KeyFiles.writePrivate(keyFile, keys.pair(FakeReplicas.CLIENT_PRINCIPAL).privateKeyBytes(), "test key");
        try (FakeReplicas group = new FakeReplicas(ProtocolParams.defaults(), Optional.of(keyFile))) {
            PbftClient client = group.connected(PbftClient.builder().config(group.config).client("c0").build());
            assertArrayEquals(PbftClientTest.utf8("ba"), client.invoke(PbftClientTest.utf8("ab")));
        }
    }

    @Test
    void aKeyThatIsNotTheClientsIsRefused() throws Exception {
        try (FakeReplicas group = new FakeReplicas(ProtocolParams.defaults())) {
            var builder = PbftClient.builder().config(group.config).client("c0").privateKey(group.keys.pair(0));
            var e = assertThrows(PbftClientException.class, builder::build);
            assertEquals("the private key given for client c0 does not belong to the public key the config lists"
                    + " for it", e.getMessage());
        }
    }

    @Test
    void missingPiecesAreNamed() throws Exception {
        try (FakeReplicas group = new FakeReplicas(ProtocolParams.defaults())) {
            var noKey = PbftClient.builder().config(group.config).client("c0");
            assertTrue(assertThrows(PbftClientException.class, noKey::build).getMessage()
                    .contains("names no private-key-file for client c0"));
            var unknown = PbftClient.builder().config(group.config).client("c9");
            assertTrue(assertThrows(IllegalArgumentException.class, unknown::build).getMessage()
                    .contains("no client named 'c9'"));
            assertThrows(IllegalStateException.class, () -> PbftClient.builder().client("c0").build());
        }
    }
}
