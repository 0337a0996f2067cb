package dev.pbft.crypto;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * One principal's pairwise HMAC-SHA256 keys, ready to MAC and verify PBFT message digests.
 *
 * <p>Holds one {@link HmacSha256} per key with its keyed SHA-256 states precomputed, so each MAC
 * over a digest costs two SHA-256 compressions.
 *
 * <p><b>Not thread-safe</b>: use one instance per thread. Instances are cheap to make from the
 * same key material with {@link #copy()}.
 *
 * <p>Digests must be {@link Digests#DIGEST_BYTES} bytes. MAC comparisons run in constant time.
 */
public final class MacKeyring {

    /** Length of one pairwise key in bytes. */
    public static final int KEY_BYTES = PairwiseKeys.KEY_BYTES;

    private static final String ALGORITHM = "HmacSHA256";

    private final int self;
    // Key material is immutable and shared between copies; the HMAC states are not.
    // Indexed by principal id (ids are dense and small): a lookup per MAC, on every message. The
    // keys are shared between copies; each copy prepares a key's HMAC state on its first use, since a
    // copy often talks to a few of the principals only, and a group may have thousands of clients.
    private final SecretKeySpec[] sendKeyById;
    private final SecretKeySpec[] receiveKeyById;
    private final HmacSha256[] sendMacs;
    private final HmacSha256[] receiveMacs;
    private final byte[] scratch = new byte[Authenticator.MAC_BYTES];

    private MacKeyring(int self, SecretKeySpec[] sendKeyById, SecretKeySpec[] receiveKeyById) {
        this.self = self;
        this.sendKeyById = sendKeyById;
        this.receiveKeyById = receiveKeyById;
        this.sendMacs = new HmacSha256[sendKeyById.length];
        this.receiveMacs = new HmacSha256[receiveKeyById.length];
    }

    /**
     * Builds a keyring from raw keys.
     *
     * @param self        my principal id
     * @param sendKeys    peer &rarr; key for my messages to that peer (self&rarr;peer); copied
     * @param receiveKeys peer &rarr; key for that peer's messages to me (peer&rarr;self); copied
     * @throws IllegalArgumentException if a key is not {@link #KEY_BYTES} bytes or a principal id is negative
     * @throws NullPointerException     if a map, key or peer id is null
     */
    public static MacKeyring of(int self, Map<Integer, byte[]> sendKeys, Map<Integer, byte[]> receiveKeys) {
        return new MacKeyring(self, byId(toSpecs(sendKeys)), byId(toSpecs(receiveKeys)));
    }

    /**
     * Derives all pairwise keys with {@link PairwiseKeys}.
     *
     * @param self    my principal id, non-negative
     * @param mine    my key pair
     * @param peers   principal id &rarr; public key of every principal I talk to (may include me)
     * @param context the cluster config fingerprint, bound into every key
     * @throws IllegalArgumentException if a principal id is negative or a peer's X25519 key is a
     *                                  low-order point
     */
    public static MacKeyring derive(int self, NodeKeyPair mine, Map<Integer, NodePublicKey> peers, byte[] context) {
        byte[] myPrivate = mine.x25519Private();
        Map<Integer, byte[]> send = new HashMap<>();
        Map<Integer, byte[]> receive = new HashMap<>();
        try {
            for (Map.Entry<Integer, NodePublicKey> e : peers.entrySet()) {
                int peer = e.getKey();
                byte[] peerPublic = e.getValue().x25519();
                send.put(peer, PairwiseKeys.sendKey(self, myPrivate, peer, peerPublic, context));
                receive.put(peer, PairwiseKeys.receiveKey(self, myPrivate, peer, peerPublic, context));
            }
            return of(self, send, receive);
        } finally {
            // The keyring keeps its own copies (SecretKeySpec); wipe the temporaries.
            Arrays.fill(myPrivate, (byte) 0);
            send.values().forEach(k -> Arrays.fill(k, (byte) 0));
            receive.values().forEach(k -> Arrays.fill(k, (byte) 0));
        }
    }

    /** Returns a keyring with the same keys and fresh HMAC states, for another thread. */
    public MacKeyring copy() {
        return new MacKeyring(self, sendKeyById, receiveKeyById);
    }

    /** Returns my principal id. */
    public int self() {
        return self;
    }

    /** Returns whether I hold a key to MAC messages for {@code receiver}. */
    public boolean canSendTo(int receiver) {
        return receiver >= 0 && receiver < sendKeyById.length && sendKeyById[receiver] != null;
    }

    /** Returns whether I hold a key to verify messages from {@code sender}. */
    public boolean canReceiveFrom(int sender) {
        return sender >= 0 && sender < receiveKeyById.length && receiveKeyById[sender] != null;
    }

    /**
     * Computes my MAC of {@code digest} for {@code receiver}.
     *
     * @return a new {@link Authenticator#MAC_BYTES}-byte array
     * @throws IllegalArgumentException if I have no key for {@code receiver} or the digest is not
     *                                  {@link Digests#DIGEST_BYTES} bytes
     */
    public byte[] mac(int receiver, byte[] digest) {
        byte[] out = new byte[Authenticator.MAC_BYTES];
        macInto(sendMac(receiver), digest, out, 0);
        return out;
    }

    /**
     * Computes an authenticator with one MAC of {@code digest} per receiver, in the given order.
     *
     * @param receivers principal ids; not retained
     * @throws IllegalArgumentException if I have no key for some receiver or the digest is not
     *                                  {@link Digests#DIGEST_BYTES} bytes
     */
    public Authenticator authenticate(byte[] digest, int[] receivers) {
        checkDigest(digest);
        int[] to = receivers.clone();
        byte[] macs = new byte[to.length * Authenticator.MAC_BYTES];
        for (int i = 0; i < to.length; i++) {
            macInto(sendMac(to[i]), digest, macs, i * Authenticator.MAC_BYTES);
        }
        return Authenticator.wrap(to, macs);
    }

    /**
     * Checks a single MAC from {@code sender} over {@code digest}, in constant time.
     *
     * @return true only if {@code mac} is exactly the MAC {@code sender} computes for me; false for
     *         an unknown sender or a digest or MAC of the wrong length
     */
    public boolean verify(int sender, byte[] digest, byte[] mac) {
        if (!computeReceived(sender, digest)) {
            return false;
        }
        return MessageDigest.isEqual(scratch, mac);
    }

    /**
     * Checks my entry of an authenticator from {@code sender} over {@code digest}, in constant time.
     *
     * @return true only if the authenticator has an entry for me holding the MAC {@code sender}
     *         computes for me; false if it has no such entry, the sender is unknown, or the
     *         digest is of the wrong length
     */
    public boolean verify(int sender, byte[] digest, Authenticator authenticator) {
        int index = authenticator.indexOf(self);
        if (index < 0 || !computeReceived(sender, digest)) {
            return false;
        }
        return authenticator.macEquals(index, scratch);
    }

    /** Lists principals only, never key material. */
    @Override
    public String toString() {
        return "MacKeyring[self=" + self + ", sendTo=" + principals(sendKeyById)
                + ", receiveFrom=" + principals(receiveKeyById) + "]";
    }

    /** Writes into {@link #scratch} the MAC {@code sender} should have sent; false if impossible. */
    private boolean computeReceived(int sender, byte[] digest) {
        HmacSha256 mac = macFor(receiveMacs, receiveKeyById, sender);
        if (mac == null || digest.length != Digests.DIGEST_BYTES) {
            return false;
        }
        macInto(mac, digest, scratch, 0);
        return true;
    }

    private HmacSha256 sendMac(int receiver) {
        HmacSha256 mac = macFor(sendMacs, sendKeyById, receiver);
        if (mac == null) {
            throw new IllegalArgumentException("no MAC key towards principal " + receiver);
        }
        return mac;
    }

    private static void checkDigest(byte[] digest) {
        if (digest.length != Digests.DIGEST_BYTES) {
            throw new IllegalArgumentException(
                    "digest must be " + Digests.DIGEST_BYTES + " bytes, got " + digest.length);
        }
    }

    private static void macInto(HmacSha256 mac, byte[] digest, byte[] out, int off) {
        checkDigest(digest);
        mac.mac(digest, 0, digest.length, out, off);
    }

    private static Map<Integer, SecretKeySpec> toSpecs(Map<Integer, byte[]> keys) {
        Map<Integer, SecretKeySpec> specs = new HashMap<>(keys.size() * 2);
        for (Map.Entry<Integer, byte[]> e : keys.entrySet()) {
            byte[] key = e.getValue();
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("MAC key for principal " + e.getKey() + " must be "
                        + KEY_BYTES + " bytes, got " + key.length);
            }
            specs.put(e.getKey(), new SecretKeySpec(key, ALGORITHM)); // SecretKeySpec copies the key
        }
        return Map.copyOf(specs);
    }

    /** The HMAC state for {@code principal}, prepared now if this is its first use; null without a key. */
    private static HmacSha256 macFor(HmacSha256[] macs, SecretKeySpec[] keys, int principal) {
        if (principal < 0 || principal >= macs.length) {
            return null;
        }
        HmacSha256 mac = macs[principal];
        if (mac == null && keys[principal] != null) {
            byte[] key = keys[principal].getEncoded();
            mac = macs[principal] = new HmacSha256(key);
            Arrays.fill(key, (byte) 0);
        }
        return mac;
    }

    /** How many HMAC states this copy has prepared so far; for tests. */
    int preparedStates() {
        int count = 0;
        for (HmacSha256 m : sendMacs) {
            count += m == null ? 0 : 1;
        }
        for (HmacSha256 m : receiveMacs) {
            count += m == null ? 0 : 1;
        }
        return count;
    }

    private static List<Integer> principals(SecretKeySpec[] keyById) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < keyById.length; i++) {
            if (keyById[i] != null) {
                ids.add(i);
            }
        }
        return ids;
    }

    private static SecretKeySpec[] byId(Map<Integer, SecretKeySpec> keys) {
        int highest = keys.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        SecretKeySpec[] byId = new SecretKeySpec[highest + 1];
        for (Map.Entry<Integer, SecretKeySpec> e : keys.entrySet()) {
            if (e.getKey() < 0) {
                throw new IllegalArgumentException("principal ids are non-negative, got " + e.getKey());
            }
            byId[e.getKey()] = e.getValue();
        }
        return byId;
    }
}
