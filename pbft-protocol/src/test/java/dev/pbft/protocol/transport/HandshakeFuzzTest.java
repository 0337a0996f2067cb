package dev.pbft.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.TestKeys;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hello is the one frame read before a peer is known: it gets the same hostile treatment. */
class HandshakeFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261122L);
    private final TestKeys keys = new TestKeys(6, 11);
    private final MacKeyring client = keys.keyring(4);
    private final MacKeyring replica = keys.keyring(0);

    private final byte[] challenge = nonce();
    private final byte[] clientNonce = nonce();

    private static byte[] nonce() {
        return Handshake.nonce(new java.security.SecureRandom());
    }

    @Test
    void aValidHelloNamesItsSenderAndTheWelcomeProvesTheReplica() throws Exception {
        byte[] hello = Handshake.hello(4, 0, TestKeys.CONTEXT, clientNonce, challenge, client);
        Handshake.Hello checked = Handshake.verify(body(hello), 0, TestKeys.CONTEXT, challenge, 6, replica);
        assertEquals(4, checked.from());
        assertArrayEquals(clientNonce, checked.nonce());
        byte[] welcome = Handshake.welcome(0, 4, clientNonce, challenge, replica);
        Handshake.verifyWelcome(body(welcome), 0, 4, clientNonce, challenge, client);
        assertThrows(Handshake.HandshakeException.class, () -> Handshake.verifyWelcome(body(welcome), 0, 4,
                nonce(), challenge, client), "a welcome recorded for another hello");
        assertThrows(Handshake.HandshakeException.class, () -> Handshake.verifyWelcome(body(welcome), 1, 4,
                clientNonce, challenge, client), "a welcome from another replica than the one dialled");
    }

    @Test
    void aHelloRecordedOnOneConnectionIsRefusedOnAnother() {
        byte[] hello = Handshake.hello(4, 0, TestKeys.CONTEXT, clientNonce, challenge, client);
        byte[] otherChallenge = nonce();
        assertThrows(Handshake.HandshakeException.class,
                () -> Handshake.verify(body(hello), 0, TestKeys.CONTEXT, otherChallenge, 6, replica));
    }

    @Test
    void aHelloForAnotherConfigIsRefused() {
        byte[] hello = Handshake.hello(4, 0, new byte[32], clientNonce, challenge, client);
        byte[] otherConfig = new byte[32];
        otherConfig[0] = 1;
        assertThrows(Handshake.HandshakeException.class,
                () -> Handshake.verify(body(hello), 0, otherConfig, challenge, 6, replica));
    }

    @Test
    void mutatedAndRandomHellosAreRefusedCleanly() {
        Random random = new Random(SEED);
        byte[] valid = body(Handshake.hello(4, 0, TestKeys.CONTEXT, clientNonce, challenge, client));
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 3 == 0) {
                input = new byte[random.nextInt(2 * Handshake.HELLO_BYTES)];
                random.nextBytes(input);
            } else {
                input = valid.clone();
                input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
                if (i % 3 == 2) {
                    input = Arrays.copyOf(input, random.nextInt(input.length + 4));
                }
            }
            byte[] hostile = input;
            int caseNo = i;
            try {
                Handshake.verify(hostile, 0, TestKeys.CONTEXT, challenge, 6, replica);
                throw new AssertionError("seed " + SEED + " case " + caseNo + ": a corrupted hello was accepted");
            } catch (Handshake.HandshakeException expected) {
                // refused, as it must be
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + SEED + " case " + caseNo + ": " + e, e);
            }
        }
    }

    private static byte[] body(byte[] frame) {
        return Arrays.copyOfRange(frame, 4, frame.length);
    }
}
