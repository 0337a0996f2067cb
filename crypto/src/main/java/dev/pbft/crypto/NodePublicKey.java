package dev.pbft.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The public half of a node's keys: an X25519 public key (MAC key agreement) and an Ed25519
 * public key (signatures).
 *
 * <p>Immutable and thread-safe; every array in and out is copied. Encoded as 64 bytes,
 * X25519 public (32) followed by Ed25519 public (32). The bytes are not checked to be valid
 * curve points: a bad X25519 key fails in {@link PairwiseKeys}, a bad Ed25519 key makes every
 * signature check return false.
 */
public final class NodePublicKey {

    /** Length of one part (X25519 or Ed25519 public key) in bytes. */
    public static final int PART_BYTES = 32;
    /** Length of the encoded key in bytes. */
    public static final int ENCODED_BYTES = 2 * PART_BYTES;

    private final byte[] x25519;
    private final byte[] ed25519;

    private NodePublicKey(byte[] x25519, byte[] ed25519) {
        this.x25519 = x25519;
        this.ed25519 = ed25519;
    }

    /**
     * Decodes a 64-byte public key.
     *
     * @param public64 X25519 public (32) followed by Ed25519 public (32); copied
     * @throws IllegalArgumentException if the length is not {@link #ENCODED_BYTES}
     * @throws NullPointerException     if {@code public64} is null
     */
    public static NodePublicKey fromBytes(byte[] public64) {
        if (public64.length != ENCODED_BYTES) {
            throw new IllegalArgumentException(
                    "node public key must be " + ENCODED_BYTES + " bytes, got " + public64.length);
        }
        return new NodePublicKey(Arrays.copyOfRange(public64, 0, PART_BYTES),
                Arrays.copyOfRange(public64, PART_BYTES, ENCODED_BYTES));
    }

    /**
     * Builds a key from its two parts.
     *
     * @param x25519Public  32 bytes; copied
     * @param ed25519Public 32 bytes; copied
     * @throws IllegalArgumentException if either part is not 32 bytes
     */
    public static NodePublicKey of(byte[] x25519Public, byte[] ed25519Public) {
        if (x25519Public.length != PART_BYTES || ed25519Public.length != PART_BYTES) {
            throw new IllegalArgumentException("public key parts must be " + PART_BYTES + " bytes each");
        }
        return new NodePublicKey(x25519Public.clone(), ed25519Public.clone());
    }

    /** Returns a copy of the 32-byte X25519 public key. */
    public byte[] x25519() {
        return x25519.clone();
    }

    /** Returns a copy of the 32-byte Ed25519 public key. */
    public byte[] ed25519() {
        return ed25519.clone();
    }

    /** Returns the 64-byte encoding: X25519 public followed by Ed25519 public. */
    public byte[] toBytes() {
        byte[] out = new byte[ENCODED_BYTES];
        System.arraycopy(x25519, 0, out, 0, PART_BYTES);
        System.arraycopy(ed25519, 0, out, PART_BYTES, PART_BYTES);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodePublicKey other
                && Arrays.equals(x25519, other.x25519)
                && Arrays.equals(ed25519, other.ed25519);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x25519) + Arrays.hashCode(ed25519);
    }

    /** Public keys are not secret: printed in hex so logs can be matched against config files. */
    @Override
    public String toString() {
        return "NodePublicKey[" + HexFormat.of().formatHex(toBytes()) + "]";
    }
}
