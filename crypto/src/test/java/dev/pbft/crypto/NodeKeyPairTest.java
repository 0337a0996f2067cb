package dev.pbft.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NodeKeyPairTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void fromPrivateOfGeneratedKeyGivesSamePublicKey() {
        NodeKeyPair generated = NodeKeyPair.generate(random);
        NodeKeyPair restored = NodeKeyPair.fromPrivate(generated.privateKeyBytes());
        assertArrayEquals(generated.publicKeyBytes(), restored.publicKeyBytes());
        assertEquals(generated.publicKey(), restored.publicKey());
        assertArrayEquals(generated.privateKeyBytes(), restored.privateKeyBytes());
    }

    @Test
    void encodingIsX25519ThenEd25519() {
        NodeKeyPair keys = NodeKeyPair.generate(random);
        byte[] pub = keys.publicKeyBytes();
        byte[] priv = keys.privateKeyBytes();
        assertEquals(64, pub.length);
        assertEquals(64, priv.length);
        assertArrayEquals(keys.x25519Public(), java.util.Arrays.copyOfRange(pub, 0, 32));
        assertArrayEquals(keys.ed25519Public(), java.util.Arrays.copyOfRange(pub, 32, 64));
        assertArrayEquals(keys.x25519Private(), java.util.Arrays.copyOfRange(priv, 0, 32));
        assertArrayEquals(keys.ed25519Seed(), java.util.Arrays.copyOfRange(priv, 32, 64));
        assertArrayEquals(Signer.of(keys).publicKey(), keys.ed25519Public());
    }

    @Test
    void privateBytesAreACopyAndNeverPrinted() {
        NodeKeyPair keys = NodeKeyPair.generate(random);
        byte[] priv = keys.privateKeyBytes();
        priv[0] ^= 1;
        assertNotEquals(priv[0], keys.privateKeyBytes()[0]);
        String text = keys.toString();
        assertFalse(text.contains(Hex.s(keys.x25519Private())));
        assertFalse(text.contains(Hex.s(keys.ed25519Seed())));
        assertTrue(text.contains(Hex.s(keys.publicKeyBytes())));
    }

    @Test
    void wrongLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> NodeKeyPair.fromPrivate(new byte[63]));
        assertThrows(IllegalArgumentException.class, () -> NodePublicKey.fromBytes(new byte[65]));
    }

    @Test
    void publicKeyRoundTripsAndComparesByContent() {
        byte[] encoded = NodeKeyPair.generate(random).publicKeyBytes();
        NodePublicKey a = NodePublicKey.fromBytes(encoded);
        NodePublicKey b = NodePublicKey.fromBytes(encoded.clone());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertArrayEquals(encoded, a.toBytes());
        encoded[0] ^= 1; // the key kept its own copy
        assertNotEquals(NodePublicKey.fromBytes(encoded), a);
    }
}
