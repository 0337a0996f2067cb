package dev.pbft.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    private final NodeKeyPair keys = NodeKeyPair.generate(new SecureRandom());
    private final byte[] message = "VIEW-CHANGE v=1".getBytes(StandardCharsets.US_ASCII);

    @Test
    void wrongLengthsGiveFalseNotExceptions() {
        byte[] sig = Signer.of(keys).sign(message);
        byte[] pub = keys.ed25519Public();
        assertTrue(Signatures.verify(pub, message, sig));
        assertFalse(Signatures.verify(new byte[31], message, sig));
        assertFalse(Signatures.verify(pub, message, new byte[63]));
        assertFalse(Signatures.verify(null, message, sig));
        assertFalse(Signatures.verify(pub, message, null));
        assertFalse(Verifier.of(new byte[31]).verify(message, sig));
        assertFalse(Verifier.of(pub).verify(message, new byte[65]));
        assertThrows(IllegalArgumentException.class, () -> Signatures.sign(new byte[31], message));
    }

    @Test
    void otherKeyFails() {
        byte[] sig = Signer.of(keys).sign(message);
        NodeKeyPair other = NodeKeyPair.generate(new SecureRandom());
        assertFalse(Signatures.verify(other.ed25519Public(), message, sig));
        assertFalse(Verifier.of(other.publicKey()).verify(message, sig));
    }

    @Test
    void signingASliceEqualsSigningTheCopy() {
        byte[] padded = new byte[message.length + 4];
        System.arraycopy(message, 0, padded, 2, message.length);
        Signer signer = Signer.of(keys);
        byte[] sig = signer.sign(padded, 2, message.length);
        assertTrue(Verifier.of(keys.publicKey()).verify(message, sig));
        assertTrue(Verifier.of(keys.publicKey()).verify(padded, 2, message.length, sig));
    }
}
