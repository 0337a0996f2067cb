package dev.pbft.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032, pure variant) through BouncyCastle's low-level implementation.
 *
 * <p>Stateless and thread-safe. To sign or verify many messages under one key, {@link Signer}
 * and {@link Verifier} skip the per-call public key derivation and point decoding.
 */
public final class Signatures {

    /** Length of an Ed25519 signature in bytes. */
    public static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;
    /** Length of an Ed25519 public key in bytes. */
    public static final int PUBLIC_KEY_BYTES = Ed25519.PUBLIC_KEY_SIZE;
    /** Length of an Ed25519 private seed in bytes. */
    public static final int SEED_BYTES = Ed25519.SECRET_KEY_SIZE;

    private Signatures() {
    }

    /**
     * Signs {@code message}. Derives the public key on every call; prefer {@link Signer} for
     * repeated signing.
     *
     * @param ed25519Seed32 the 32-byte private seed
     * @param message       the bytes to sign, any length
     * @return a new {@value #SIGNATURE_BYTES}-byte signature
     * @throws IllegalArgumentException if the seed is not 32 bytes
     * @throws NullPointerException     if an argument is null
     */
    public static byte[] sign(byte[] ed25519Seed32, byte[] message) {
        return Signer.fromSeed(ed25519Seed32).sign(message);
    }

    /**
     * Verifies {@code signature} on {@code message}.
     *
     * @param ed25519Public32 the signer's 32-byte public key
     * @param message         the signed bytes
     * @param signature       the 64-byte signature
     * @return true only for a valid signature; false, never an exception, for a null or
     *         wrong-length key or signature, or a key that is not a valid curve point
     * @throws NullPointerException if {@code message} is null
     */
    public static boolean verify(byte[] ed25519Public32, byte[] message, byte[] signature) {
        if (ed25519Public32 == null || ed25519Public32.length != PUBLIC_KEY_BYTES
                || signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        return Ed25519.verify(signature, 0, ed25519Public32, 0, message, 0, message.length);
    }
}
