package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.client.KvClient;
import dev.pbft.client.PbftClient;
import dev.pbft.config.ProtocolParams;
import dev.pbft.replica.runtime.Replica;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code request.read-only = 1} over real sockets: a group of four in this JVM and a key-value client. */
class ReadOnlyGroupTest {
    @TempDir
    Path dir;

    @Test
    void getsTakeTheReadOnlyPathAndSeeTheLatestPut() throws Exception {
        ProtocolParams params = ProtocolParams.builder().set("request.read-only", 1).build();
        List<Replica> replicas;
        try (InProcessGroup group = InProcessGroup.start(dir, params)) {
            replicas = group.replicas;
            try (PbftClient client = PbftClient.builder().config(group.config).client("c0").build()) {
                KvClient kv = new KvClient(client);
                assertEquals(Optional.empty(), kv.get("k"));
                for (int i = 0; i < 20; i++) {
                    kv.put("k", "v" + i);
                    assertEquals(Optional.of("v" + i), kv.get("k"), "a read sees the write that completed before it");
                }
            }
        }
        long reads = replicas.stream().mapToLong(r -> r.coreStats().readsExecuted()).sum();
        long ordered = replicas.stream().mapToLong(r -> r.coreStats().requestsExecuted()).min().orElse(0);
        assertTrue(reads >= 3 * 21, "most of the 21 reads were answered on the path by at least 3 replicas: " + reads);
        assertTrue(ordered >= 20, "the puts were ordered: " + ordered);
    }
}
