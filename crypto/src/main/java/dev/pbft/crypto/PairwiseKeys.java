package dev.pbft.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Derives the directional HMAC key for a pair of principals from their X25519 keys, so that no
 * shared secret ever has to be copied between nodes.
 *
 * <p>key(sender &rarr; receiver) = HKDF-SHA256(ikm = X25519(mine, peer's public),
 * salt = ASCII {@value #SALT}, info = ASCII "from=&lt;sender&gt;;to=&lt;receiver&gt;;" || context,
 * length = {@value #KEY_BYTES}). The direction is part of the info, so a key for i&rarr;j never equals
 * the key for j&rarr;i; the context (the cluster config fingerprint) binds keys to one configuration.
 * Both ends compute the same value: i's {@code sendKey} towards j equals j's {@code receiveKey}
 * from i.
 *
 * <p>Stateless and thread-safe.
 */
public final class PairwiseKeys {

    /** Length of a derived MAC key in bytes. */
    public static final int KEY_BYTES = 32;
    /** HKDF salt, as ASCII. */
    public static final String SALT = "pbft-mac-v1";

    private static final byte[] SALT_BYTES = SALT.getBytes(StandardCharsets.US_ASCII);

    private PairwiseKeys() {
    }

    /**
     * Derives the key that {@code self} uses to MAC messages for {@code peer}.
     *
     * @param self              my principal id, non-negative
     * @param selfX25519Private my 32-byte X25519 private key
     * @param peer              the peer's principal id, non-negative
     * @param peerX25519Public  the peer's 32-byte X25519 public key
     * @param context           bytes binding the key to one cluster configuration; may be empty
     * @return a new {@value #KEY_BYTES}-byte key
     * @throws IllegalArgumentException if a principal is negative, a key is not 32 bytes, or the
     *                                  agreement yields all zeros (the peer key is a low-order point)
     */
    public static byte[] sendKey(int self, byte[] selfX25519Private, int peer, byte[] peerX25519Public,
            byte[] context) {
        return derive(self, peer, selfX25519Private, peerX25519Public, context);
    }

    /**
     * Derives the key that {@code peer} uses to MAC messages for {@code self}; equal to the peer's
     * {@link #sendKey} towards me. Arguments and exceptions as for {@link #sendKey}.
     */
    public static byte[] receiveKey(int self, byte[] selfX25519Private, int peer, byte[] peerX25519Public,
            byte[] context) {
        return derive(peer, self, selfX25519Private, peerX25519Public, context);
    }

    private static byte[] derive(int sender, int receiver, byte[] myPrivate, byte[] peerPublic, byte[] context) {
        if (sender < 0 || receiver < 0) {
            throw new IllegalArgumentException("principals must be non-negative: " + sender + ", " + receiver);
        }
        if (myPrivate.length != X25519.SCALAR_SIZE || peerPublic.length != X25519.POINT_SIZE) {
            throw new IllegalArgumentException("X25519 keys must be 32 bytes");
        }
        byte[] shared = new byte[X25519.POINT_SIZE];
        try {
            // calculateAgreement returns false when the result is all zeros, i.e. the peer's key
            // is a low-order point that would make the "secret" known to everyone.
            if (!X25519.calculateAgreement(myPrivate, 0, peerPublic, 0, shared, 0)) {
                throw new IllegalArgumentException("X25519 agreement failed: peer key is a low-order point");
            }
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(shared, SALT_BYTES, info(sender, receiver, context)));
            byte[] key = new byte[KEY_BYTES];
            hkdf.generateBytes(key, 0, KEY_BYTES);
            return key;
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    private static byte[] info(int sender, int receiver, byte[] context) {
        byte[] label = ("from=" + sender + ";to=" + receiver + ";").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(label.length + context.length);
        out.writeBytes(label);
        out.writeBytes(context);
        return out.toByteArray();
    }
}
