package dev.pbft.crypto;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * HMAC-SHA256 (RFC 2104) over the JDK's SHA-256, with the keyed inner and outer states computed
 * once per key. The JDK's {@code Mac} absorbs the padded key block again on every call: four
 * SHA-256 compressions for a MAC over a 32-byte digest, where two suffice once the two keyed
 * midstates are kept. Known-answer tests against RFC 4231 cover it.
 *
 * <p>Not thread-safe; one instance per key per thread.
 */
final class HmacSha256 {
    private static final int BLOCK_BYTES = 64;
    static final int MAC_BYTES = 32;

    private final MessageDigest innerKeyed;
    private final MessageDigest outerKeyed;
    private final byte[] innerHash = new byte[MAC_BYTES];

    HmacSha256(byte[] key) {
        byte[] block = new byte[BLOCK_BYTES];
        byte[] k = key.length > BLOCK_BYTES ? Digests.sha256(key) : key;
        System.arraycopy(k, 0, block, 0, k.length);
        innerKeyed = Digests.newSha256();
        outerKeyed = Digests.newSha256();
        for (int i = 0; i < BLOCK_BYTES; i++) {
            block[i] ^= 0x36;
        }
        innerKeyed.update(block);
        for (int i = 0; i < BLOCK_BYTES; i++) {
            block[i] ^= 0x36 ^ 0x5c;
        }
        outerKeyed.update(block);
        java.util.Arrays.fill(block, (byte) 0);
    }

    /** Writes HMAC(key, data[off, off+len)) into {@code out[outOff, outOff+32)}. */
    void mac(byte[] data, int off, int len, byte[] out, int outOff) {
        try {
            MessageDigest inner = (MessageDigest) innerKeyed.clone();
            inner.update(data, off, len);
            inner.digest(innerHash, 0, MAC_BYTES);
            MessageDigest outer = (MessageDigest) outerKeyed.clone();
            outer.update(innerHash);
            outer.digest(out, outOff, MAC_BYTES);
        } catch (CloneNotSupportedException | DigestException e) {
            // The JDK's SHA-256 is cloneable and the output is sized here.
            throw new IllegalStateException("SHA-256 engine cannot be used for HMAC", e);
        }
    }

    /** Returns HMAC(key, data). */
    byte[] mac(byte[] data) {
        byte[] out = new byte[MAC_BYTES];
        mac(data, 0, data.length, out, 0);
        return out;
    }
}
