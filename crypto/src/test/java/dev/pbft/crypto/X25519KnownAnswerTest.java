package dev.pbft.crypto;

import static dev.pbft.crypto.Hex.b;
import static dev.pbft.crypto.Hex.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

/** RFC 7748 X25519 vectors against the BouncyCastle functions {@link PairwiseKeys} and {@link NodeKeyPair} use. */
class X25519KnownAnswerTest {

    private static String scalarMult(String scalarHex, String uHex) {
        byte[] out = new byte[32];
        X25519.scalarMult(b(scalarHex), 0, b(uHex), 0, out, 0);
        return s(out);
    }

    @Test
    void rfc7748_5_2_vector1() {
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                scalarMult("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));
    }

    @Test
    void rfc7748_5_2_vector2_highBitOfUIgnored() {
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
                scalarMult("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"));
    }

    @Test
    void rfc7748_6_1_aliceBobDiffieHellman() {
        byte[] alicePrivate = b("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPrivate = b("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        String alicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
        String bobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

        byte[] out = new byte[32];
        X25519.scalarMultBase(alicePrivate, 0, out, 0);
        assertEquals(alicePublic, s(out));
        X25519.scalarMultBase(bobPrivate, 0, out, 0);
        assertEquals(bobPublic, s(out));

        assertTrue(X25519.calculateAgreement(alicePrivate, 0, b(bobPublic), 0, out, 0));
        assertEquals(shared, s(out));
        assertTrue(X25519.calculateAgreement(bobPrivate, 0, b(alicePublic), 0, out, 0));
        assertEquals(shared, s(out));
    }
}
