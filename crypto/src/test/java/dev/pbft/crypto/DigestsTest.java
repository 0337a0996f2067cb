package dev.pbft.crypto;

import static dev.pbft.crypto.Hex.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void fips180_2_sha256OfAbc() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                s(Digests.sha256("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void rangeHashesOnlyTheSlice() {
        byte[] padded = "xxabcyy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(s(Digests.sha256("abc".getBytes(StandardCharsets.US_ASCII))),
                s(Digests.sha256(padded, 2, 3)));
        assertEquals(Digests.DIGEST_BYTES, Digests.sha256(new byte[0]).length);
        assertThrows(IndexOutOfBoundsException.class, () -> Digests.sha256(padded, 5, 3));
    }
}
