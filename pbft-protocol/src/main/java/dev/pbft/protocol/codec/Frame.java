package dev.pbft.protocol.codec;

/**
 * Layout of a frame on a link, after the 4-byte big-endian length prefix that precedes it:
 *
 * <pre>
 *   u32 bodyLength | body (MessageCodec bytes) | u8 macCount | macCount x (u16 receiver | 32-byte MAC)
 * </pre>
 *
 * Each MAC is HMAC-SHA256 under the pairwise key (sender to receiver) over SHA-256 of the body:
 * a PBFT authenticator, so one encoded frame serves every receiver of a multicast.
 */
public final class Frame {
    /** Bytes of the length prefix in front of every frame. */
    public static final int LENGTH_PREFIX_BYTES = 4;
    static final int BODY_LENGTH_BYTES = 4;
    static final int MAC_ENTRY_BYTES = 2 + 32;
    /** Principals are written as u16 in MAC entries and hellos. */
    public static final int MAX_PRINCIPALS = 65_536;
    /** The largest number of receivers one authenticator can name. */
    public static final int MAX_RECEIVERS = 255;

    private Frame() {
    }

    /** Frame length (prefix excluded) for a body of {@code bodyLength} bytes and {@code receivers} MACs. */
    static int length(int bodyLength, int receivers) {
        return BODY_LENGTH_BYTES + bodyLength + 1 + receivers * MAC_ENTRY_BYTES;
    }
}
