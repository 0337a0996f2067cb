package dev.pbft.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A node's (replica's or client's) two key pairs: X25519 for pairwise MAC key agreement and
 * Ed25519 for signatures.
 *
 * <p>Immutable and thread-safe; private material is only handed out as copies and never appears
 * in {@link #toString()}. The private encoding is 64 bytes: X25519 private (32) followed by the
 * Ed25519 private seed (32).
 */
public final class NodeKeyPair {

    /** Length of one private part (X25519 private key or Ed25519 seed) in bytes. */
    public static final int PART_BYTES = 32;
    /** Length of the encoded private key in bytes. */
    public static final int PRIVATE_BYTES = 2 * PART_BYTES;

    private final byte[] x25519Private;
    private final byte[] ed25519Seed;
    private final NodePublicKey publicKey;

    private NodeKeyPair(byte[] x25519Private, byte[] ed25519Seed) {
        this.x25519Private = x25519Private;
        this.ed25519Seed = ed25519Seed;
        byte[] xPub = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(x25519Private, 0, xPub, 0);
        byte[] edPub = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(ed25519Seed, 0, edPub, 0);
        this.publicKey = NodePublicKey.of(xPub, edPub);
    }

    /**
     * Generates fresh key pairs.
     *
     * @param random source of key material; must be a cryptographically strong generator
     */
    public static NodeKeyPair generate(SecureRandom random) {
        byte[] x = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, x);
        byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(random, seed);
        return new NodeKeyPair(x, seed);
    }

    /**
     * Rebuilds the key pairs from a 64-byte private key, deriving both public keys.
     *
     * @param private64 X25519 private (32) followed by Ed25519 seed (32); copied
     * @throws IllegalArgumentException if the length is not {@link #PRIVATE_BYTES}
     * @throws NullPointerException     if {@code private64} is null
     */
    public static NodeKeyPair fromPrivate(byte[] private64) {
        if (private64.length != PRIVATE_BYTES) {
            throw new IllegalArgumentException(
                    "node private key must be " + PRIVATE_BYTES + " bytes, got " + private64.length);
        }
        return new NodeKeyPair(Arrays.copyOfRange(private64, 0, PART_BYTES),
                Arrays.copyOfRange(private64, PART_BYTES, PRIVATE_BYTES));
    }

    /** Returns the public half. */
    public NodePublicKey publicKey() {
        return publicKey;
    }

    /** Returns the 64-byte public encoding: X25519 public followed by Ed25519 public. */
    public byte[] publicKeyBytes() {
        return publicKey.toBytes();
    }

    /** Returns a copy of the 64-byte private encoding: X25519 private followed by Ed25519 seed. */
    public byte[] privateKeyBytes() {
        byte[] out = new byte[PRIVATE_BYTES];
        System.arraycopy(x25519Private, 0, out, 0, PART_BYTES);
        System.arraycopy(ed25519Seed, 0, out, PART_BYTES, PART_BYTES);
        return out;
    }

    /** Returns a copy of the 32-byte X25519 private key. */
    public byte[] x25519Private() {
        return x25519Private.clone();
    }

    /** Returns a copy of the 32-byte X25519 public key. */
    public byte[] x25519Public() {
        return publicKey.x25519();
    }

    /** Returns a copy of the 32-byte Ed25519 private seed. */
    public byte[] ed25519Seed() {
        return ed25519Seed.clone();
    }

    /** Returns a copy of the 32-byte Ed25519 public key. */
    public byte[] ed25519Public() {
        return publicKey.ed25519();
    }

    /** Prints only the public half. */
    @Override
    public String toString() {
        return "NodeKeyPair[public=" + publicKey + "]";
    }
}
