package dev.pbft.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PBFT section 2 (Castro and Liskov, OSDI'99): authenticators carry one MAC per receiver. */
class MacKeyringTest {

    private static final int N = 4;
    private static final int[] ALL = {0, 1, 2, 3};

    private final MacKeyring[] rings = new MacKeyring[N];
    private final byte[] digest = Digests.sha256("PRE-PREPARE v=0 seq=1".getBytes(StandardCharsets.US_ASCII));

    @BeforeEach
    void deriveKeyringsForFourReplicas() {
        SecureRandom random = new SecureRandom();
        NodeKeyPair[] keys = new NodeKeyPair[N];
        Map<Integer, NodePublicKey> publics = new HashMap<>();
        for (int i = 0; i < N; i++) {
            keys[i] = NodeKeyPair.generate(random);
            publics.put(i, keys[i].publicKey());
        }
        byte[] context = "config-fingerprint".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < N; i++) {
            rings[i] = MacKeyring.derive(i, keys[i], publics, context);
        }
    }

    @Test
    void aCopyPreparesTheHmacStateOfAPrincipalOnlyWhenItFirstUsesIt() {
        MacKeyring copy = rings[0].copy();
        assertEquals(0, copy.preparedStates());
        assertTrue(copy.canSendTo(2) && copy.canReceiveFrom(3), "keys are there before any state is");
        byte[] mac = copy.mac(2, digest);
        assertEquals(1, copy.preparedStates());
        copy.mac(2, digest);
        assertEquals(1, copy.preparedStates(), "prepared once, then reused");
        assertTrue(rings[2].verify(0, digest, mac));
        assertFalse(copy.canSendTo(N + 5));
        assertThrows(IllegalArgumentException.class, () -> copy.mac(N + 5, digest));
    }

    @Test
    void correctMacVerifies() {
        byte[] mac = rings[0].mac(2, digest);
        assertEquals(Authenticator.MAC_BYTES, mac.length);
        assertTrue(rings[2].verify(0, digest, mac));
    }

    @Test
    void oneBitFlipInDigestOrMacFails() {
        byte[] mac = rings[0].mac(2, digest);
        byte[] badDigest = digest.clone();
        badDigest[31] ^= 0x01;
        byte[] badMac = mac.clone();
        badMac[0] ^= (byte) 0x80;
        assertFalse(rings[2].verify(0, badDigest, mac));
        assertFalse(rings[2].verify(0, digest, badMac));
    }

    @Test
    void wrongSenderFails() {
        byte[] mac = rings[0].mac(2, digest);
        assertFalse(rings[2].verify(1, digest, mac));
        assertFalse(rings[2].verify(99, digest, mac)); // unknown principal
        assertFalse(rings[3].verify(0, digest, mac));  // MAC meant for replica 2
    }

    @Test
    void authenticatorRoundTripForFourReceivers() {
        Authenticator auth = rings[1].authenticate(digest, ALL);
        assertEquals(N, auth.count());
        for (int r = 0; r < N; r++) {
            assertEquals(r, auth.receiver(r));
            assertTrue(rings[r].verify(1, digest, auth), "receiver " + r);
            assertFalse(rings[r].verify(0, digest, auth), "wrong sender at " + r);
        }
        Authenticator decoded = Authenticator.of(auth.receivers(), auth.macBytes());
        assertEquals(auth, decoded);
        assertTrue(rings[3].verify(1, digest, decoded));
    }

    @Test
    void authenticatorWithoutMyEntryOrWithATamperedEntryFails() {
        Authenticator toOthers = rings[1].authenticate(digest, new int[] {0, 2});
        assertFalse(rings[3].verify(1, digest, toOthers));

        byte[] macs = rings[1].authenticate(digest, ALL).macBytes();
        macs[2 * Authenticator.MAC_BYTES + 5] ^= 0x01;
        Authenticator tampered = Authenticator.of(ALL, macs);
        assertFalse(rings[2].verify(1, digest, tampered));
        assertTrue(rings[3].verify(1, digest, tampered));
    }

    @Test
    void copyUsesTheSameKeys() {
        MacKeyring copy = rings[0].copy();
        assertArrayEquals(rings[0].mac(3, digest), copy.mac(3, digest));
        assertTrue(copy.verify(3, digest, rings[3].mac(0, digest)));
    }

    @Test
    void unknownReceiverAndBadLengths() {
        assertThrows(IllegalArgumentException.class, () -> rings[0].mac(42, digest));
        assertThrows(IllegalArgumentException.class, () -> rings[0].authenticate(digest, new int[] {1, 42}));
        assertThrows(IllegalArgumentException.class, () -> rings[0].mac(1, new byte[31]));
        byte[] mac = rings[0].mac(1, digest);
        assertFalse(rings[1].verify(0, new byte[31], mac));
        assertFalse(rings[1].verify(0, digest, new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Authenticator.of(new int[] {1}, new byte[31]));
    }

    @Test
    void rawKeysMustBe32Bytes() {
        assertThrows(IllegalArgumentException.class,
                () -> MacKeyring.of(0, Map.of(1, new byte[16]), Map.of()));
    }
}
