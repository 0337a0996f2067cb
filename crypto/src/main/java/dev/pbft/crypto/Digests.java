package dev.pbft.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * SHA-256 through the JDK's {@link MessageDigest}.
 *
 * <p>Thread-safe: each thread uses its own {@code MessageDigest} instance, so no call allocates
 * a digest engine or contends on a lock.
 */
public final class Digests {

    /** Length of a SHA-256 digest in bytes. */
    public static final int DIGEST_BYTES = 32;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Digests::newSha256);

    private Digests() {
    }

    /**
     * Returns SHA-256 of all of {@code data}.
     *
     * @param data the bytes to hash, not modified
     * @return a new array of {@link #DIGEST_BYTES} bytes
     * @throws NullPointerException if {@code data} is null
     */
    public static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    /**
     * Returns SHA-256 of {@code data[off, off + len)}.
     *
     * @param data the bytes to hash, not modified
     * @param off  index of the first byte to hash
     * @param len  number of bytes to hash
     * @return a new array of {@link #DIGEST_BYTES} bytes
     * @throws NullPointerException      if {@code data} is null
     * @throws IndexOutOfBoundsException if the range lies outside {@code data}
     */
    public static byte[] sha256(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        MessageDigest md = SHA256.get();
        md.update(data, off, len);
        return md.digest(); // digest() also resets the engine for the next call
    }

    /**
     * Returns SHA-256 of {@code first} followed by {@code second}, without copying them into one
     * array: a short header and a large body are hashed as they are.
     *
     * @param first  the bytes hashed first, not modified
     * @param second the bytes hashed after them, not modified
     * @return a new array of {@link #DIGEST_BYTES} bytes
     * @throws NullPointerException if either is null
     */
    public static byte[] sha256(byte[] first, byte[] second) {
        MessageDigest md = SHA256.get();
        md.update(first);
        md.update(second);
        return md.digest();
    }

    /** Returns a fresh, unshared SHA-256 engine; for callers that hash incrementally. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
