package dev.pbft.protocol.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KvCodecTest {
    static final Bytes KEY = Bytes.utf8("k");
    static final Bytes VALUE = Bytes.utf8("v1");

    static List<KvOp> sampleOps() {
        return List.of(
                new KvOp.Put(KEY, VALUE),
                new KvOp.Put(Bytes.EMPTY, Bytes.EMPTY),
                new KvOp.Put(Bytes.wrap(new byte[KvOp.KEY_BYTES_MAX]), Bytes.wrap(new byte[5000])),
                new KvOp.Get(KEY),
                new KvOp.Delete(KEY),
                new KvOp.CompareAndSet(KEY, Optional.empty(), VALUE),
                new KvOp.CompareAndSet(KEY, Optional.of(Bytes.EMPTY), VALUE),
                new KvOp.CompareAndSet(KEY, Optional.of(VALUE), Bytes.utf8("v2")));
    }

    static List<KvResult> sampleResults() {
        return List.of(KvResult.ok(), KvResult.ok(VALUE), KvResult.ok(Bytes.EMPTY), KvResult.notFound(),
                KvResult.casFailed(Optional.empty()), KvResult.casFailed(Optional.of(VALUE)),
                KvResult.badRequest("unknown operation code 9"));
    }

    @Test
    void everyOperationRoundTrips() {
        for (KvOp op : sampleOps()) {
            assertEquals(op, KvCodec.decode(KvCodec.encode(op)));
        }
    }

    @Test
    void everyResultRoundTrips() {
        for (KvResult r : sampleResults()) {
            assertEquals(r, KvCodec.decodeResult(KvCodec.encodeResult(r)));
        }
    }

    @Test
    void theFormatIsTheDocumentedOne() {
        byte[] expectAbsent = KvCodec.encode(new KvOp.CompareAndSet(KEY, Optional.empty(), VALUE));
        assertArrayEquals(new byte[] {4, 0, 0, 0, 1, 'k', 0, 0, 0, 0, 2, 'v', '1'}, expectAbsent);
        assertArrayEquals(new byte[] {2, 1, 0, 0, 0, 2, 'v', '1'},
                KvCodec.encodeResult(KvResult.casFailed(Optional.of(VALUE))));
    }

    @Test
    void expectingAbsentDiffersFromExpectingEmpty() {
        var absent = new KvOp.CompareAndSet(KEY, Optional.empty(), VALUE);
        var empty = new KvOp.CompareAndSet(KEY, Optional.of(Bytes.EMPTY), VALUE);
        assertTrue(!KvCodec.decode(KvCodec.encode(absent)).equals(KvCodec.decode(KvCodec.encode(empty))));
    }

    @Test
    void anOversizedKeyIsRefusedOnBothSides() {
        Bytes big = Bytes.wrap(new byte[KvOp.KEY_BYTES_MAX + 1]);
        assertThrows(IllegalArgumentException.class, () -> new KvOp.Get(big));
        byte[] wire = new byte[1 + 4 + big.length()];
        wire[0] = KvCodec.GET;
        wire[3] = (byte) (big.length() >>> 8);
        wire[4] = (byte) big.length();
        var e = assertThrows(IllegalArgumentException.class, () -> KvCodec.decode(wire));
        assertTrue(e.getMessage().contains("key of 1025 bytes exceeds 1024"), e.getMessage());
    }

    @Test
    void malformedInputIsRefusedWithAReason() {
        assertReason(new byte[0], "missing operation code");
        assertReason(new byte[] {9}, "unknown operation code 9");
        assertReason(new byte[] {2, 0, 0}, "missing the length of the key");
        assertReason(new byte[] {1, 0, 0, 0, 1, 'k', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                "value length 4294967295 exceeds the 0 bytes left");
        assertReason(new byte[] {4, 0, 0, 0, 0, 2}, "presence flag of the expected value is 2");
        assertReason(new byte[] {3, 0, 0, 0, 0, 7}, "1 unexpected bytes after the operation");
        var e = assertThrows(IllegalArgumentException.class, () -> KvCodec.decodeResult(new byte[] {5, 0}));
        assertEquals("unknown result status 5", e.getMessage());
    }

    private static void assertReason(byte[] input, String reason) {
        var e = assertThrows(IllegalArgumentException.class, () -> KvCodec.decode(input));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
