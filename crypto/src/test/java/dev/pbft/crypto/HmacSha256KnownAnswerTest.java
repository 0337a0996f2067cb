package dev.pbft.crypto;

import static dev.pbft.crypto.Hex.b;
import static dev.pbft.crypto.Hex.repeat;
import static dev.pbft.crypto.Hex.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * RFC 4231 section 4 test cases 1-7 for HMAC-SHA-256, against {@link HmacSha256} (the engine
 * {@link MacKeyring} uses, with precomputed keyed states) and the JDK's own {@code Mac}: every
 * vector must come out of both. Case 5 is truncated to 128 bits, as in the RFC.
 */
class HmacSha256KnownAnswerTest {

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] jdk = mac.doFinal(data);
        HmacSha256 ours = new HmacSha256(key);
        byte[] first = ours.mac(data);
        assertEquals(s(jdk), s(first), "precomputed-state HMAC differs from the JDK's");
        assertEquals(s(first), s(ours.mac(data)), "a second MAC with the same engine differs");
        return first;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void rfc4231_4_2_testCase1() throws Exception {
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                s(hmac(repeat(0x0b, 20), ascii("Hi There"))));
    }

    @Test
    void rfc4231_4_3_testCase2_keyShorterThanOutput() throws Exception {
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                s(hmac(ascii("Jefe"), ascii("what do ya want for nothing?"))));
    }

    @Test
    void rfc4231_4_4_testCase3() throws Exception {
        assertEquals("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                s(hmac(repeat(0xaa, 20), repeat(0xdd, 50))));
    }

    @Test
    void rfc4231_4_5_testCase4() throws Exception {
        assertEquals("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                s(hmac(b("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50))));
    }

    @Test
    void rfc4231_4_6_testCase5_truncatedTo128Bits() throws Exception {
        byte[] full = hmac(repeat(0x0c, 20), ascii("Test With Truncation"));
        assertEquals("a3b6167473100ee06e0c796c2955552b", s(Arrays.copyOf(full, 16)));
    }

    @Test
    void rfc4231_4_7_testCase6_keyLargerThanBlock() throws Exception {
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                s(hmac(repeat(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First"))));
    }

    @Test
    void rfc4231_4_8_testCase7_keyAndDataLargerThanBlock() throws Exception {
        String data = "This is a test using a larger than block-size key and a larger than block-size data."
                + " The key needs to be hashed before being used by the HMAC algorithm.";
        assertEquals("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                s(hmac(repeat(0xaa, 131), ascii(data))));
    }
}
