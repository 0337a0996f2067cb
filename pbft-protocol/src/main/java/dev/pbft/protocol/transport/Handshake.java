package dev.pbft.protocol.transport;

import dev.pbft.crypto.Digests;
import dev.pbft.crypto.MacKeyring;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * The first frame on every connection, sent by the connecting side:
 *
 * <pre>
 *   u32 magic "PBFT" | u8 version | u16 from | u16 to | 32-byte config fingerprint | 32-byte MAC
 * </pre>
 *
 * The MAC, under the pairwise key (from to to) over SHA-256 of the fields before it, proves the
 * claimed identity before any protocol frame from that connection is read.
 */
final class Handshake {
    static final int MAGIC = 0x50424654;
    static final byte VERSION = 1;
    static final int FIELDS_BYTES = 4 + 1 + 2 + 2 + 32;
    static final int BYTES = FIELDS_BYTES + 32;

    private Handshake() {
    }

    /** The hello frame, length prefix included. */
    static byte[] hello(int from, int to, byte[] fingerprint, MacKeyring keyring) {
        ByteBuffer buf = ByteBuffer.allocate(4 + BYTES);
        buf.putInt(BYTES).putInt(MAGIC).put(VERSION).putShort((short) from).putShort((short) to).put(fingerprint);
        byte[] digest = Digests.sha256(buf.array(), 4, FIELDS_BYTES);
        buf.put(keyring.mac(to, digest));
        return buf.array();
    }

    /**
     * Checks a hello addressed to {@code self} and returns the authenticated sender.
     *
     * @throws HandshakeException naming what was wrong
     */
    static int verify(byte[] frame, int self, byte[] fingerprint, int principalCount, MacKeyring keyring)
            throws HandshakeException {
        if (frame.length != BYTES) {
            throw new HandshakeException("hello of " + frame.length + " bytes, expected " + BYTES);
        }
        ByteBuffer in = ByteBuffer.wrap(frame);
        if (in.getInt() != MAGIC || in.get() != VERSION) {
            throw new HandshakeException("not a PBFT hello of version " + VERSION);
        }
        int from = in.getShort() & 0xffff;
        int to = in.getShort() & 0xffff;
        if (to != self) {
            throw new HandshakeException("hello addressed to principal " + to + ", this is " + self);
        }
        if (from >= principalCount || from == self) {
            throw new HandshakeException("hello from unknown principal " + from);
        }
        byte[] theirs = new byte[32];
        in.get(theirs);
        if (!MessageDigest.isEqual(theirs, fingerprint)) {
            throw new HandshakeException("peer claiming principal " + from
                    + " runs a different cluster config (fingerprint mismatch)");
        }
        byte[] mac = new byte[32];
        in.get(mac);
        if (!keyring.verify(from, Digests.sha256(frame, 0, FIELDS_BYTES), mac)) {
            throw new HandshakeException("bad MAC on hello claiming principal " + from);
        }
        return from;
    }

    static final class HandshakeException extends Exception {
        HandshakeException(String message) {
            super(message, null, false, false);
        }
    }
}
