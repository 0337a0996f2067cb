package dev.pbft.protocol.codec;

import com.esotericsoftware.kryo.io.Input;
import dev.pbft.protocol.Bytes;

/** Bounded reads: every helper checks its bound and the bytes left before allocating. */
final class WireReader {
    private WireReader() {
    }

    static int count(Input in, int max, String what) {
        int count = in.readVarInt(true);
        if (count < 0 || count > max) {
            throw new BoundException(what + " count " + count + " outside 0.." + max);
        }
        // Every element takes at least one byte, so this also bounds what the caller allocates.
        if (count > remaining(in)) {
            throw new BoundException(what + " count " + count + " exceeds the " + remaining(in) + " bytes left");
        }
        return count;
    }

    static Bytes bytes(Input in, int max, String what) {
        int length = in.readVarInt(true);
        if (length < 0 || length > max) {
            throw new BoundException(what + " length " + length + " outside 0.." + max);
        }
        if (length > remaining(in)) {
            throw new BoundException(what + " length " + length + " exceeds the " + remaining(in) + " bytes left");
        }
        return Bytes.wrap(in.readBytes(length));
    }

    static Bytes digest(Input in) {
        int length = in.readVarInt(true);
        if (length != WireLimits.DIGEST_BYTES) {
            throw new BoundException("digest length " + length + ", expected " + WireLimits.DIGEST_BYTES);
        }
        return Bytes.wrap(in.readBytes(length));
    }

    static Bytes signature(Input in) {
        int length = in.readVarInt(true);
        if (length != 0 && length != WireLimits.SIGNATURE_BYTES) {
            throw new BoundException("signature length " + length + ", expected 0 or " + WireLimits.SIGNATURE_BYTES);
        }
        return length == 0 ? Bytes.EMPTY : Bytes.wrap(in.readBytes(length));
    }

    static int principal(Input in, int principalCount, String what) {
        int p = in.readVarInt(true);
        if (p < 0 || p >= principalCount) {
            throw new BoundException(what + " " + p + " outside 0.." + (principalCount - 1));
        }
        return p;
    }

    static long nonNegativeLong(Input in, String what) {
        long v = in.readVarLong(true);
        if (v < 0) {
            throw new BoundException(what + " " + v + " is negative");
        }
        return v;
    }

    private static int remaining(Input in) {
        return in.limit() - in.position();
    }

    /** Unchecked inside Kryo's serializer interface; the codec turns it into a CodecException. */
    static final class BoundException extends RuntimeException {
        BoundException(String message) {
            super(message, null, false, false);
        }
    }
}
