package dev.pbft.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A PBFT authenticator: one HMAC-SHA256 per receiver, each over the same 32-byte message digest.
 *
 * <p>Immutable and thread-safe. MACs are stored flat, entry {@code i} at
 * {@code [i * MAC_BYTES, (i + 1) * MAC_BYTES)}. Arrays passed in or handed out are copies.
 * Receivers need not be distinct; lookups use the first matching entry.
 */
public final class Authenticator {

    /** Length of one MAC in bytes. */
    public static final int MAC_BYTES = 32;

    private final int[] receivers;
    private final byte[] macs;

    private Authenticator(int[] receivers, byte[] macs) {
        this.receivers = receivers;
        this.macs = macs;
    }

    /** Takes ownership of the arrays without copying: only for fresh arrays built in this package. */
    static Authenticator wrap(int[] receivers, byte[] macs) {
        return new Authenticator(receivers, macs);
    }

    /**
     * Builds an authenticator from decoded parts (e.g. off the wire).
     *
     * @param receivers principal ids, one per entry; copied
     * @param macs      {@code receivers.length * MAC_BYTES} bytes, the MACs in entry order; copied
     * @throws IllegalArgumentException if the MAC bytes do not match the receiver count
     * @throws NullPointerException     if an argument is null
     */
    public static Authenticator of(int[] receivers, byte[] macs) {
        if ((long) receivers.length * MAC_BYTES != macs.length) {
            throw new IllegalArgumentException("expected " + (long) receivers.length * MAC_BYTES
                    + " MAC bytes for " + receivers.length + " receivers, got " + macs.length);
        }
        return new Authenticator(receivers.clone(), macs.clone());
    }

    /** Returns the number of entries. */
    public int count() {
        return receivers.length;
    }

    /**
     * Returns the receiver of entry {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, count())}
     */
    public int receiver(int index) {
        return receivers[index];
    }

    /** Returns a copy of all receivers in entry order. */
    public int[] receivers() {
        return receivers.clone();
    }

    /** Returns the index of the first entry for {@code receiver}, or -1 if there is none. */
    public int indexOf(int receiver) {
        for (int i = 0; i < receivers.length; i++) {
            if (receivers[i] == receiver) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns a copy of the MAC of entry {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, count())}
     */
    public byte[] mac(int index) {
        Objects.checkIndex(index, receivers.length);
        return Arrays.copyOfRange(macs, index * MAC_BYTES, (index + 1) * MAC_BYTES);
    }

    /** Returns a copy of all MACs, flat, in entry order ({@code count() * MAC_BYTES} bytes). */
    public byte[] macBytes() {
        return macs.clone();
    }

    /**
     * Compares the MAC of entry {@code index} with {@code expected} in constant time.
     *
     * @return true if {@code expected} is exactly the stored MAC; false for any other length
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, count())}
     */
    public boolean macEquals(int index, byte[] expected) {
        // isEqual's running time depends only on the lengths, so it leaks nothing about the MAC.
        return MessageDigest.isEqual(mac(index), expected);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Authenticator other
                && Arrays.equals(receivers, other.receivers)
                && Arrays.equals(macs, other.macs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(receivers) + Arrays.hashCode(macs);
    }

    /** Lists the receivers only: MACs are noise in logs. */
    @Override
    public String toString() {
        return "Authenticator" + Arrays.toString(receivers);
    }
}
