package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.KvService;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicatedStateTest {
    private final KvService kv = new KvService(16, 1 << 20);
    private final ReplicatedState state = new ReplicatedState(kv, new ClientTable(8));

    private void put(String key, String value) {
        kv.execute(new ExecutionContext("c0", 1, 1), KvCodec.encode(new KvOp.Put(Bytes.utf8(key), Bytes.utf8(value))));
    }

    @Test
    void theImageHoldsWhatEachChangedPartitionHoldsNow() {
        put("a", "1");
        put("b", "2");
        state.refresh();
        Map<Integer, byte[]> first = state.takeImageDelta();
        first.forEach((p, bytes) -> assertArrayEquals(kv.readPartition(p), bytes, "partition " + p));

        put("a", "3");
        state.refresh(); // reads the partition of "a" for the digest
        int partitionOfA = state.takeImageDelta().keySet().iterator().next();
        put("a", "4");
        state.refresh();
        KvService other = new KvService(16, 1 << 20);
        other.execute(new ExecutionContext("c0", 1, 1), KvCodec.encode(new KvOp.Put(Bytes.utf8("a"), Bytes.utf8("5"))));
        byte[] fetched = other.readPartition(partitionOfA);
        state.write(partitionOfA, fetched); // a state transfer replaces it after the read

        Map<Integer, byte[]> image = state.takeImageDelta();
        assertEquals(1, image.size());
        assertArrayEquals(fetched, image.get(partitionOfA), "the transferred bytes, not the ones read before");
    }
}
