package dev.pbft.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string with value semantics, so that messages holding payloads and digests
 * can be records with meaningful {@code equals}.
 *
 * <p>Instances made by {@link #copyOf} own a private copy. {@link #wrap} takes ownership of the
 * caller's array without copying: the caller must never modify it afterwards. That is how the codec
 * hands freshly decoded arrays over without a second copy.
 */
public final class Bytes implements Comparable<Bytes> {
    /** The empty byte string. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;
    private int hash;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** Returns a byte string holding a copy of {@code data}. */
    public static Bytes copyOf(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /** Returns a byte string that takes ownership of {@code data}; the caller must not modify it. */
    public static Bytes wrap(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data);
    }

    /** Returns the UTF-8 encoding of {@code text}. */
    public static Bytes utf8(String text) {
        return wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public int length() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    public byte get(int index) {
        return data[index];
    }

    /** Returns a fresh copy of the content. */
    public byte[] toArray() {
        return data.clone();
    }

    /**
     * Returns the backing array without copying, for encoders and digests on the hot path.
     * The caller must treat it as read-only.
     */
    public byte[] backingArray() {
        return data;
    }

    public String toUtf8() {
        return new String(data, java.nio.charset.StandardCharsets.UTF_8);
    }

    public String toHex() {
        return HexFormat.of().formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && data.length > 0) {
            h = Arrays.hashCode(data);
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(data, o.data);
    }

    /** Shows at most the first 8 bytes in hex: enough to tell digests apart in logs. */
    @Override
    public String toString() {
        if (data.length <= 8) {
            return toHex();
        }
        return HexFormat.of().formatHex(data, 0, 8) + "..(" + data.length + "B)";
    }
}
