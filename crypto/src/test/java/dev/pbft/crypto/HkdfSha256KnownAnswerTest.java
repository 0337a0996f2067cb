package dev.pbft.crypto;

import static dev.pbft.crypto.Hex.b;
import static dev.pbft.crypto.Hex.range;
import static dev.pbft.crypto.Hex.repeat;
import static dev.pbft.crypto.Hex.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

/** RFC 5869 appendix A.1-A.3 (HKDF-SHA256), against the BouncyCastle generator {@link PairwiseKeys} uses. */
class HkdfSha256KnownAnswerTest {

    private static String okm(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return s(out);
    }

    @Test
    void rfc5869_a1_testCase1_basic() {
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                okm(repeat(0x0b, 22), b("000102030405060708090a0b0c"), b("f0f1f2f3f4f5f6f7f8f9"), 42));
    }

    @Test
    void rfc5869_a2_testCase2_longInputs() {
        assertEquals("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87",
                okm(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82));
    }

    @Test
    void rfc5869_a3_testCase3_emptySaltAndInfo() {
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                okm(repeat(0x0b, 22), new byte[0], new byte[0], 42));
    }
}
