package dev.pbft.replica.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The record framing: payload length (u32), CRC32C over the record index (u64, big-endian) and the
 * payload, then the payload. The index is covered by the CRC but not stored, so a record read at the
 * wrong place or under the wrong index fails its check.
 */
final class Frames {
    static final int HEADER_BYTES = 8;
    /** A length above this is damage, not a record: no caller writes records this large. */
    static final int MAX_PAYLOAD_BYTES = 256 << 20;

    private Frames() {}

    static int crc(CRC32C crc, long index, byte[] head, byte[] body) {
        crc.reset();
        updateIndex(crc, index);
        crc.update(head);
        crc.update(body);
        return (int) crc.getValue();
    }

    /** The CRC of {@code payload}'s remaining bytes under {@code index}; leaves its position alone. */
    static int crc(CRC32C crc, long index, ByteBuffer payload) {
        crc.reset();
        updateIndex(crc, index);
        crc.update(payload.duplicate());
        return (int) crc.getValue();
    }

    static void updateIndex(CRC32C crc, long index) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            crc.update((int) (index >>> shift));
        }
    }

    /** Whether a length field read as a signed int is one a writer could have produced. */
    static boolean saneLength(int payloadBytes) {
        return payloadBytes >= 0 && payloadBytes <= MAX_PAYLOAD_BYTES;
    }
}
