package dev.pbft.protocol.codec;

import java.nio.ByteBuffer;

/**
 * One message encoded and authenticated for several receivers: the body once, and one MAC per
 * receiver over the body's digest. Each receiver gets a frame with the shared body and only its own
 * MAC entry, so a multicast to n-1 replicas costs O(n) bytes per copy, not O(n) MACs per copy.
 * A frame is {@link #header()} + {@link #body()} + {@link #trailer(int)}; the pieces are never
 * modified, so transports may send them without copying.
 */
public final class EncodedMessage {
    private final byte[] header;
    private final byte[] body;
    private final int[] receivers;
    private final byte[] macs;

    EncodedMessage(byte[] body, int[] receivers, byte[] macs) {
        this.body = body;
        this.receivers = receivers.clone();
        this.macs = macs;
        this.header = ByteBuffer.allocate(Frame.LENGTH_PREFIX_BYTES + Frame.BODY_LENGTH_BYTES)
                .putInt(Frame.length(body.length, 1)).putInt(body.length).array();
    }

    public int receiverCount() {
        return receivers.length;
    }

    public int receiver(int index) {
        return receivers[index];
    }

    /** The length prefix and body length: the same bytes for every receiver. Read-only. */
    public byte[] header() {
        return header;
    }

    /** The encoded message. Read-only. */
    public byte[] body() {
        return body;
    }

    /** The MAC entry of the {@code index}-th receiver: count 1, receiver, MAC. */
    public byte[] trailer(int index) {
        return ByteBuffer.allocate(1 + Frame.MAC_ENTRY_BYTES).put((byte) 1).putShort((short) receivers[index])
                .put(macs, index * 32, 32).array();
    }

    /** Bytes on the wire for one receiver, length prefix included. */
    public int frameBytes() {
        return Frame.LENGTH_PREFIX_BYTES + Frame.length(body.length, 1);
    }

    /** The complete frame for the {@code index}-th receiver as one array (a copy). */
    public byte[] frameFor(int index) {
        return ByteBuffer.allocate(frameBytes()).put(header).put(body).put(trailer(index)).array();
    }
}
