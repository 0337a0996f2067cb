package dev.pbft.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.config.ProtocolParams;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.protocol.kv.KvResult;
import dev.pbft.protocol.message.Request;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KvClient end to end against fake replicas that each run a tiny map (no agreement needed: one caller). */
class KvClientTest {
    private FakeReplicas group;
    private KvClient kv;

    @BeforeEach
    void start() throws InterruptedException {
        group = new FakeReplicas(ProtocolParams.builder().set("client.timeout.millis", 2000).build());
        for (int r = 0; r < FakeReplicas.N; r++) {
            group.behave(r, new MapService()::answer);
        }
        kv = new KvClient(group.client());
    }

    @AfterEach
    void stop() {
        group.close();
    }

    @Test
    void stringOperationsBehaveLikeAMap() {
        assertEquals(Optional.empty(), kv.get("k"));
        kv.put("k", "v1");
        assertEquals(Optional.of("v1"), kv.get("k"));
        kv.put("ключ", "значение");
        assertEquals(Optional.of("значение"), kv.get("ключ"));
        assertTrue(kv.delete("k"));
        assertFalse(kv.delete("k"));
        assertEquals(Optional.empty(), kv.get("k"));
    }

    @Test
    void compareAndSetDistinguishesAbsentFromEmpty() {
        assertFalse(kv.compareAndSet("k", Optional.of(""), "x"), "absent is not the empty string");
        assertTrue(kv.compareAndSet("k", Optional.empty(), "x"));
        assertFalse(kv.compareAndSet("k", Optional.empty(), "y"));
        assertFalse(kv.compareAndSet("k", Optional.of("wrong"), "y"));
        assertTrue(kv.compareAndSet("k", Optional.of("x"), "y"));
        assertEquals(Optional.of("y"), kv.get("k"));
    }

    @Test
    void byteVariantsAndAsyncVariantsWork() {
        byte[] key = {0, 1, 2};
        kv.put(key, new byte[] {(byte) 0xff});
        assertArrayEquals(new byte[] {(byte) 0xff}, kv.get(key).orElseThrow());
        assertTrue(kv.compareAndSet(key, Optional.of(new byte[] {(byte) 0xff}), new byte[0]));
        assertArrayEquals(new byte[0], kv.get(key).orElseThrow());
        assertTrue(kv.deleteAsync(Bytes.wrap(key)).join());
        assertEquals(Optional.empty(), kv.getAsync(Bytes.wrap(key)).join());
    }

    @Test
    void aBadRequestBecomesAnExceptionWithTheServicesReason() {
        byte[] refusal = KvCodec.encodeResult(KvResult.badRequest("value too large"));
        for (int r = 0; r < FakeReplicas.N; r++) {
            group.behave(r, (replica, request) -> Optional.of(Bytes.wrap(refusal)));
        }
        var e = assertThrows(PbftClientException.class, () -> kv.put("k", "v"));
        assertEquals("put refused by the service as a bad request: value too large", e.getMessage());
    }

    @Test
    void aResultThatIsNoKvResultIsReported() {
        for (int r = 0; r < FakeReplicas.N; r++) {
            group.behave(r, FakeReplicas.REVERSE);
        }
        var e = assertThrows(PbftClientException.class, () -> kv.get("k"));
        assertTrue(e.getMessage().startsWith("malformed result from the service"), e.getMessage());
    }

    @Test
    void anOversizedKeyIsRefusedLocally() {
        assertThrows(IllegalArgumentException.class, () -> kv.get("k".repeat(KvOp.KEY_BYTES_MAX + 1)));
    }

    /** One replica's store; answers a retransmitted request from its cache, as a replica must. */
    private static final class MapService {
        private final Map<Bytes, Bytes> map = new HashMap<>();
        private final Map<Long, Bytes> answered = new HashMap<>();

        synchronized Optional<Bytes> answer(int replica, Request request) {
            return Optional.of(answered.computeIfAbsent(request.timestamp(), t -> execute(request.operation())));
        }

        private Bytes execute(Bytes operation) {
            KvResult result;
            try {
                result = apply(KvCodec.decode(operation.toArray()));
            } catch (IllegalArgumentException e) {
                result = KvResult.badRequest(e.getMessage());
            }
            return Bytes.wrap(KvCodec.encodeResult(result));
        }

        private KvResult apply(KvOp op) {
            if (op instanceof KvOp.Put p) {
                map.put(p.key(), p.value());
                return KvResult.ok();
            } else if (op instanceof KvOp.Get g) {
                return map.containsKey(g.key()) ? KvResult.ok(map.get(g.key())) : KvResult.notFound();
            } else if (op instanceof KvOp.Delete d) {
                return map.remove(d.key()) != null ? KvResult.ok() : KvResult.notFound();
            }
            KvOp.CompareAndSet c = (KvOp.CompareAndSet) op;
            Optional<Bytes> current = Optional.ofNullable(map.get(c.key()));
            if (!current.equals(c.expected())) {
                return KvResult.casFailed(current);
            }
            map.put(c.key(), c.update());
            return KvResult.ok();
        }
    }
}
