package dev.pbft.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PairwiseKeysTest {

    private final SecureRandom random = new SecureRandom();
    private final NodeKeyPair a = NodeKeyPair.generate(random);
    private final NodeKeyPair b = NodeKeyPair.generate(random);
    private final byte[] context = "cluster-fingerprint-1".getBytes(StandardCharsets.US_ASCII);

    @Test
    void bothEndsDeriveTheSameKeyForOneDirection() {
        byte[] sentByA = PairwiseKeys.sendKey(0, a.x25519Private(), 5, b.x25519Public(), context);
        byte[] receivedByB = PairwiseKeys.receiveKey(5, b.x25519Private(), 0, a.x25519Public(), context);
        assertArrayEquals(sentByA, receivedByB);
        assertEquals(PairwiseKeys.KEY_BYTES, sentByA.length);
    }

    @Test
    void theTwoDirectionsDiffer() {
        byte[] aToB = PairwiseKeys.sendKey(0, a.x25519Private(), 5, b.x25519Public(), context);
        byte[] bToA = PairwiseKeys.sendKey(5, b.x25519Private(), 0, a.x25519Public(), context);
        assertFalse(Arrays.equals(aToB, bToA));
    }

    @Test
    void contextIsBoundIntoTheKey() {
        byte[] one = PairwiseKeys.sendKey(0, a.x25519Private(), 5, b.x25519Public(), context);
        byte[] other = PairwiseKeys.sendKey(0, a.x25519Private(), 5, b.x25519Public(),
                "cluster-fingerprint-2".getBytes(StandardCharsets.US_ASCII));
        assertFalse(Arrays.equals(one, other));
    }

    @Test
    void principalsAreBoundIntoTheKey() {
        byte[] to5 = PairwiseKeys.sendKey(0, a.x25519Private(), 5, b.x25519Public(), context);
        byte[] to6 = PairwiseKeys.sendKey(0, a.x25519Private(), 6, b.x25519Public(), context);
        assertFalse(Arrays.equals(to5, to6));
    }

    @Test
    void lowOrderPeerKeyIsRejected() {
        // u = 0 and u = 1 are low-order points (RFC 7748 section 6.1): the agreement is all zeros.
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        assertThrows(IllegalArgumentException.class,
                () -> PairwiseKeys.sendKey(0, a.x25519Private(), 1, zero, context));
        assertThrows(IllegalArgumentException.class,
                () -> PairwiseKeys.receiveKey(0, a.x25519Private(), 1, one, context));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> PairwiseKeys.sendKey(-1, a.x25519Private(), 1, b.x25519Public(), context));
        assertThrows(IllegalArgumentException.class,
                () -> PairwiseKeys.sendKey(0, a.x25519Private(), 1, new byte[31], context));
    }
}
