package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.client.KvClient;
import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import dev.pbft.replica.runtime.Replica;
import dev.pbft.replica.service.KvService;
import java.nio.file.Path;
import java.util.ArrayList;
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
        Path file = GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4), params);
        ClusterConfig config = ClusterConfig.load(file);
        List<Replica> replicas = new ArrayList<>();
        try {
            for (int id = 0; id < 4; id++) {
                replicas.add(Replica.builder().config(config).id(id).service(new KvService()).start());
            }
            try (PbftClient client = PbftClient.builder().config(config).client("c0").build()) {
                KvClient kv = new KvClient(client);
                assertEquals(Optional.empty(), kv.get("k"));
                for (int i = 0; i < 20; i++) {
                    kv.put("k", "v" + i);
                    assertEquals(Optional.of("v" + i), kv.get("k"), "a read sees the write that completed before it");
                }
            }
        } finally {
            replicas.forEach(Replica::close);
        }
        long reads = replicas.stream().mapToLong(r -> r.coreStats().readsExecuted()).sum();
        long ordered = replicas.stream().mapToLong(r -> r.coreStats().requestsExecuted()).min().orElse(0);
        assertTrue(reads >= 3 * 21, "most of the 21 reads were answered on the path by at least 3 replicas: " + reads);
        assertTrue(ordered >= 20, "the puts were ordered: " + ordered);
    }
}
