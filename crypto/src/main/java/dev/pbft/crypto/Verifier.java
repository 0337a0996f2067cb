package dev.pbft.crypto;

import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies Ed25519 signatures under one public key, decoded once at construction rather than on
 * every check. Accepts exactly what {@link Signatures#verify} accepts.
 *
 * <p>Immutable and thread-safe.
 */
public final class Verifier {

    /** Null when the key is malformed or not on the curve: every check then fails. */
    private final Ed25519.PublicPoint point;

    private Verifier(Ed25519.PublicPoint point) {
        this.point = point;
    }

    /**
     * Returns a verifier for a 32-byte Ed25519 public key. Never throws for a bad key: a
     * null, wrong-length or invalid key gives a verifier that rejects every signature.
     */
    public static Verifier of(byte[] ed25519Public32) {
        if (ed25519Public32 == null || ed25519Public32.length != Signatures.PUBLIC_KEY_BYTES) {
            return new Verifier(null);
        }
        // Partial validation is the check the byte-array verify applies, so both accept the same keys.
        return new Verifier(Ed25519.validatePublicKeyPartialExport(ed25519Public32, 0));
    }

    /** Returns a verifier for the Ed25519 half of a node's public key. */
    public static Verifier of(NodePublicKey key) {
        return of(key.ed25519());
    }

    /** Returns whether the public key decoded to a valid curve point. */
    public boolean isValidKey() {
        return point != null;
    }

    /**
     * Verifies {@code signature} on all of {@code message}.
     *
     * @return true only for a valid signature; false for a null or wrong-length signature
     */
    public boolean verify(byte[] message, byte[] signature) {
        return verify(message, 0, message.length, signature);
    }

    /**
     * Verifies {@code signature} on {@code message[off, off + len)}.
     *
     * @return true only for a valid signature; false for a null or wrong-length signature
     * @throws IndexOutOfBoundsException if the range lies outside {@code message}
     */
    public boolean verify(byte[] message, int off, int len, byte[] signature) {
        Objects.checkFromIndexSize(off, len, message.length);
        if (point == null || signature == null || signature.length != Signatures.SIGNATURE_BYTES) {
            return false;
        }
        return Ed25519.verify(signature, 0, point, message, off, len);
    }
}
