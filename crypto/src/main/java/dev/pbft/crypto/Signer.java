package dev.pbft.crypto;

import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signs with one Ed25519 key, its public key derived once at construction rather than on every
 * signature (BouncyCastle's {@code sign} with an explicit public key).
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the seed.
 */
public final class Signer {

    private final byte[] seed;
    private final byte[] publicKey;

    private Signer(byte[] seed) {
        this.seed = seed;
        this.publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    }

    /** Returns a signer for the node's Ed25519 key. */
    public static Signer of(NodeKeyPair keys) {
        return new Signer(keys.ed25519Seed());
    }

    /**
     * Returns a signer for a raw Ed25519 seed.
     *
     * @param ed25519Seed32 32 bytes; copied
     * @throws IllegalArgumentException if the seed is not 32 bytes
     */
    public static Signer fromSeed(byte[] ed25519Seed32) {
        if (ed25519Seed32.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException(
                    "Ed25519 seed must be " + Ed25519.SECRET_KEY_SIZE + " bytes, got " + ed25519Seed32.length);
        }
        return new Signer(ed25519Seed32.clone());
    }

    /** Returns a copy of the 32-byte public key that verifies this signer's signatures. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Signs all of {@code message}; returns a new 64-byte signature. */
    public byte[] sign(byte[] message) {
        return sign(message, 0, message.length);
    }

    /**
     * Signs {@code message[off, off + len)}; returns a new 64-byte signature.
     *
     * @throws IndexOutOfBoundsException if the range lies outside {@code message}
     */
    public byte[] sign(byte[] message, int off, int len) {
        Objects.checkFromIndexSize(off, len, message.length);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, message, off, len, signature, 0);
        return signature;
    }

    @Override
    public String toString() {
        return "Signer[ed25519 public key only]";
    }
}
