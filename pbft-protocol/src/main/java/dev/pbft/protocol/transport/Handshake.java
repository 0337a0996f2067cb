package dev.pbft.protocol.transport;

import dev.pbft.crypto.Digests;
import dev.pbft.crypto.MacKeyring;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The three frames that open every connection, each behind a 4-byte length prefix:
 *
 * <pre>
 *   CHALLENGE  accepting side:  u32 magic | u8 version | u8 kind=1 | 32-byte nonce Na
 *   HELLO      connecting side: u32 magic | u8 version | u8 kind=2 | u16 from | u16 to
 *                               | 32-byte config fingerprint | 32-byte nonce Nc | 32-byte MAC
 *   WELCOME    accepting side:  u32 magic | u8 version | u8 kind=3 | 32-byte MAC
 *   REFUSAL    accepting side:  u32 magic | u8 version | u8 kind=4 | u8 reason | 31 zero bytes
 * </pre>
 *
 * The HELLO's MAC, under the pairwise key from {@code from} to {@code to}, covers its fields and
 * the acceptor's fresh Na: it proves the claimed identity on this connection only, so a recorded
 * hello (and with it every frame recorded after it) is worthless on another. The WELCOME's MAC,
 * under the key from {@code to} back to {@code from}, covers both nonces: the connecting side
 * trusts the connection only once the acceptor has proved it is the replica it dialled, now.
 * Nothing but these frames is read until the exchange is complete.
 *
 * <p>An acceptor that refuses a well-formed hello says why in a REFUSAL, as long as a WELCOME so
 * the connecting side reads it in its place, and closes. It is not authenticated and changes
 * nothing but what the refused side reports: anyone able to inject it could as well cut the
 * connection. It tells the refused side only what it sent wrong, nothing of the acceptor's keys.
 */
final class Handshake {
    static final int MAGIC = 0x50424654;
    static final byte VERSION = 2;
    static final int NONCE_BYTES = 32;
    static final int MAC_BYTES = 32;
    private static final byte CHALLENGE_KIND = 1;
    private static final byte HELLO_KIND = 2;
    private static final byte WELCOME_KIND = 3;
    private static final byte REFUSAL_KIND = 4;
    /** Never a frame's kind: labels the digest an attach proof covers, so no other MAC can pass for one. */
    private static final byte ATTACH_LABEL = 5;
    private static final int HEADER_BYTES = 4 + 1 + 1;
    static final int CHALLENGE_BYTES = HEADER_BYTES + NONCE_BYTES;
    private static final int HELLO_FIELDS_BYTES = HEADER_BYTES + 2 + 2 + 32 + NONCE_BYTES;
    static final int HELLO_BYTES = HELLO_FIELDS_BYTES + MAC_BYTES;
    static final int WELCOME_BYTES = HEADER_BYTES + MAC_BYTES;

    private Handshake() {
    }

    /** A fresh nonce for one connection. */
    static byte[] nonce(SecureRandom random) {
        byte[] n = new byte[NONCE_BYTES];
        random.nextBytes(n);
        return n;
    }

    /** The acceptor's challenge frame carrying {@code nonce}, length prefix included. */
    static byte[] challenge(byte[] nonce) {
        return header(CHALLENGE_BYTES, CHALLENGE_KIND).put(nonce).array();
    }

    /**
     * The nonce of a challenge frame (without its length prefix).
     *
     * @throws HandshakeException if it is not a challenge
     */
    static byte[] challengeNonce(byte[] frame) throws HandshakeException {
        ByteBuffer in = expect(frame, CHALLENGE_BYTES, CHALLENGE_KIND, "challenge");
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        return nonce;
    }

    /** The hello frame answering challenge {@code theirNonce} with {@code ownNonce}, length prefix included. */
    static byte[] hello(int from, int to, byte[] fingerprint, byte[] ownNonce, byte[] theirNonce, MacKeyring keyring) {
        ByteBuffer buf = header(HELLO_BYTES, HELLO_KIND);
        buf.putShort((short) from).putShort((short) to).put(fingerprint).put(ownNonce);
        buf.put(keyring.mac(to, helloDigest(buf.array(), 4, theirNonce)));
        return buf.array();
    }

    /** A checked hello: who sent it and the nonce it brought. */
    record Hello(int from, byte[] nonce) {
    }

    /**
     * Checks a hello (without its length prefix) addressed to {@code self} on a connection whose
     * challenge carried {@code ownNonce}.
     *
     * @throws HandshakeException naming what was wrong
     */
    static Hello verify(byte[] frame, int self, byte[] fingerprint, byte[] ownNonce, int principalCount,
                        MacKeyring keyring) throws HandshakeException {
        ByteBuffer in = expect(frame, HELLO_BYTES, HELLO_KIND, "hello");
        int from = in.getShort() & 0xffff;
        int to = in.getShort() & 0xffff;
        if (to != self) {
            throw new HandshakeException("hello addressed to principal " + to + ", this is " + self, Refusal.NOT_ME);
        }
        if (from >= principalCount || from == self) {
            throw new HandshakeException("hello from unknown principal " + from, Refusal.UNKNOWN_PRINCIPAL);
        }
        byte[] theirs = new byte[32];
        in.get(theirs);
        if (!MessageDigest.isEqual(theirs, fingerprint)) {
            throw new HandshakeException("peer claiming principal " + from
                    + " runs a different cluster config (fingerprint mismatch)", Refusal.OTHER_CONFIG);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        byte[] mac = new byte[MAC_BYTES];
        in.get(mac);
        if (!keyring.verify(from, helloDigest(frame, 0, ownNonce), mac)) {
            throw new HandshakeException("bad MAC on hello claiming principal " + from
                    + " (a wrong key, or a hello recorded on another connection)", Refusal.BAD_KEY);
        }
        return new Hello(from, nonce);
    }

    /** The acceptor's welcome to {@code to}, length prefix included. */
    static byte[] welcome(int self, int to, byte[] helloNonce, byte[] challengeNonce, MacKeyring keyring) {
        return header(WELCOME_BYTES, WELCOME_KIND)
                .put(keyring.mac(to, welcomeDigest(self, to, helloNonce, challengeNonce))).array();
    }

    /**
     * Checks the welcome (without its length prefix) of replica {@code acceptor} to {@code self}.
     *
     * @throws HandshakeException if it is not one, or its MAC does not prove the acceptor now
     */
    static void verifyWelcome(byte[] frame, int acceptor, int self, byte[] helloNonce, byte[] challengeNonce,
                              MacKeyring keyring) throws HandshakeException {
        ByteBuffer in = expect(frame, WELCOME_BYTES, WELCOME_KIND, "welcome");
        byte[] mac = new byte[MAC_BYTES];
        in.get(mac);
        if (!keyring.verify(acceptor, welcomeDigest(acceptor, self, helloNonce, challengeNonce), mac)) {
            throw new HandshakeException("bad MAC on the welcome of principal " + acceptor);
        }
    }

    /**
     * The proof of an {@link dev.pbft.protocol.message.Attach}: {@code client}'s MAC, with
     * {@code clientKeyring} (the client's own keys), for {@code replica} over the connection that
     * {@code opener} opened and {@code replica} challenged with {@code challengeNonce}.
     */
    static byte[] attachProof(int client, int replica, int opener, byte[] challengeNonce, MacKeyring clientKeyring) {
        return clientKeyring.mac(replica, attachDigest(client, replica, opener, challengeNonce));
    }

    /** Whether {@code proof} proves {@link #attachProof}, checked by {@code replica} with its keyring. */
    static boolean verifyAttach(int client, int replica, int opener, byte[] challengeNonce, byte[] proof,
                                MacKeyring replicaKeyring) {
        return replicaKeyring.verify(client, attachDigest(client, replica, opener, challengeNonce), proof);
    }

    private static byte[] attachDigest(int client, int replica, int opener, byte[] challengeNonce) {
        ByteBuffer input = ByteBuffer.allocate(HEADER_BYTES + 6 + NONCE_BYTES);
        input.putInt(MAGIC).put(VERSION).put(ATTACH_LABEL).putShort((short) client).putShort((short) replica)
                .putShort((short) opener).put(challengeNonce);
        return Digests.sha256(input.array(), 0, input.capacity());
    }

    /** Why an acceptor refused a hello, as a REFUSAL frame carries it. */
    enum Refusal {
        OTHER_CONFIG("it runs another cluster config (fingerprint mismatch): give both the same config file"),
        BAD_KEY("it does not accept our key (the hello's MAC is wrong): our private key is not the one its"
                + " config lists for us"),
        UNKNOWN_PRINCIPAL("it does not know our principal id: its config has fewer replicas or clients"),
        NOT_ME("it is not the replica we dialled: the config's address for it points elsewhere");

        final String explanation;

        Refusal(String explanation) {
            this.explanation = explanation;
        }
    }

    /** The acceptor's refusal frame, the length of a welcome, length prefix included. */
    static byte[] refusal(Refusal why) {
        ByteBuffer buf = header(WELCOME_BYTES, REFUSAL_KIND).put((byte) (why.ordinal() + 1));
        return buf.array(); // the rest stays zero
    }

    /** The reason of a refusal frame (without its length prefix), or null if {@code frame} is no refusal. */
    static Refusal refusalOf(byte[] frame) {
        if (frame.length != WELCOME_BYTES) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(frame);
        if (in.getInt() != MAGIC || in.get() != VERSION || in.get() != REFUSAL_KIND) {
            return null;
        }
        int reason = in.get() - 1;
        return reason >= 0 && reason < Refusal.values().length ? Refusal.values()[reason] : null;
    }

    private static ByteBuffer header(int bytes, byte kind) {
        return ByteBuffer.allocate(4 + bytes).putInt(bytes).putInt(MAGIC).put(VERSION).put(kind);
    }

    private static ByteBuffer expect(byte[] frame, int bytes, byte kind, String what) throws HandshakeException {
        if (frame.length != bytes) {
            throw new HandshakeException(what + " of " + frame.length + " bytes, expected " + bytes);
        }
        ByteBuffer in = ByteBuffer.wrap(frame);
        if (in.getInt() != MAGIC || in.get() != VERSION) {
            throw new HandshakeException("not a PBFT handshake of version " + VERSION);
        }
        if (in.get() != kind) {
            throw new HandshakeException("expected a " + what);
        }
        return in;
    }

    /** SHA-256 of a hello's fields (starting at {@code offset} of {@code hello}) and the challenge nonce. */
    private static byte[] helloDigest(byte[] hello, int offset, byte[] challengeNonce) {
        byte[] input = new byte[HELLO_FIELDS_BYTES + NONCE_BYTES];
        System.arraycopy(hello, offset, input, 0, HELLO_FIELDS_BYTES);
        System.arraycopy(challengeNonce, 0, input, HELLO_FIELDS_BYTES, NONCE_BYTES);
        return Digests.sha256(input, 0, input.length);
    }

    private static byte[] welcomeDigest(int acceptor, int connector, byte[] helloNonce, byte[] challengeNonce) {
        ByteBuffer input = ByteBuffer.allocate(HEADER_BYTES + 4 + 2 * NONCE_BYTES);
        input.putInt(MAGIC).put(VERSION).put(WELCOME_KIND).putShort((short) acceptor).putShort((short) connector)
                .put(helloNonce).put(challengeNonce);
        return Digests.sha256(input.array(), 0, input.capacity());
    }

    static final class HandshakeException extends Exception {
        /** What to tell the refused side, or null to close without a word (a malformed hello). */
        final transient Refusal refusal;

        HandshakeException(String message) {
            this(message, null);
        }

        HandshakeException(String message, Refusal refusal) {
            super(message, null, false, false);
            this.refusal = refusal;
        }
    }
}
