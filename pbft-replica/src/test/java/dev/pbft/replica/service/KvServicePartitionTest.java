package dev.pbft.replica.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.protocol.kv.KvResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KvServicePartitionTest {
    private static final ExecutionContext CTX = new ExecutionContext("c", 1, 1);

    private static KvResult run(KvService kv, KvOp op) {
        return KvCodec.decodeResult(kv.execute(CTX, KvCodec.encode(op)));
    }

    private static List<Integer> drained(KvService kv) {
        List<Integer> out = new ArrayList<>();
        kv.drainChanged(out::add);
        return out;
    }

    @Test
    void onlyWrittenPartitionsAreReportedAndEachOnce() {
        KvService kv = new KvService(64, 1 << 20);
        assertEquals(List.of(), drained(kv));
        run(kv, new KvOp.Put(Bytes.utf8("a"), Bytes.utf8("1")));
        run(kv, new KvOp.Put(Bytes.utf8("a"), Bytes.utf8("2")));
        run(kv, new KvOp.Get(Bytes.utf8("b")));
        assertEquals(1, drained(kv).size());
        assertEquals(List.of(), drained(kv), "drained means reported once");
    }

    @Test
    void partitionsCopiedToAnotherStoreGiveTheSameStateAndBytes() {
        KvService a = new KvService(16, 1 << 20);
        KvService b = new KvService(16, 1 << 20);
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            run(a, new KvOp.Put(Bytes.utf8("k" + r.nextInt(100)), Bytes.utf8("v" + i)));
            if (i % 7 == 0) {
                run(a, new KvOp.Delete(Bytes.utf8("k" + r.nextInt(100))));
            }
        }
        for (int p = 0; p < 16; p++) {
            b.writePartition(p, a.readPartition(p));
        }
        for (int p = 0; p < 16; p++) {
            assertArrayEquals(a.readPartition(p), b.readPartition(p));
        }
        assertEquals(a.size(), b.size());
        assertEquals(a.bytes(), b.bytes());
        assertEquals(List.of(), drained(b), "a written partition is not reported as changed");
    }

    @Test
    void aWriteBeyondTheLimitAnswersFullAndChangesNothing() {
        long limit = 2 * (1 + 10 + KvService.ENTRY_OVERHEAD_BYTES);
        KvService kv = new KvService(8, limit);
        assertEquals(KvResult.Status.OK, run(kv, new KvOp.Put(Bytes.utf8("a"), Bytes.wrap(new byte[10]))).status());
        assertEquals(KvResult.Status.OK, run(kv, new KvOp.Put(Bytes.utf8("b"), Bytes.wrap(new byte[10]))).status());
        KvResult full = run(kv, new KvOp.Put(Bytes.utf8("c"), Bytes.wrap(new byte[1])));
        assertEquals(KvResult.Status.FULL, full.status());
        assertEquals(2, kv.size());
        assertEquals(KvResult.Status.OK, run(kv, new KvOp.Delete(Bytes.utf8("a"))).status());
        assertEquals(KvResult.Status.OK, run(kv, new KvOp.Put(Bytes.utf8("c"), Bytes.wrap(new byte[1]))).status(),
                "a delete makes room again");
    }

    @Test
    void bytesThatAreNotAPartitionAreRefused() {
        KvService kv = new KvService(8, 1 << 20);
        assertThrows(IllegalArgumentException.class, () -> kv.writePartition(0, new byte[] {0, 0, 0, 5, 1}));
    }
}
