package dev.pbft.protocol.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteOrder;

/**
 * Splits the stream into length-prefixed frames of at most {@code frame.bytes.max}. Until the
 * {@link Handshake} is complete the only acceptable frame is the next one it expects, of a known
 * length: any other length is refused before a byte of it is buffered, so a peer that has proved
 * nothing can make us hold one handshake frame per connection, not a frame of megabytes.
 */
final class FrameLengthDecoder extends LengthFieldBasedFrameDecoder {
    private static final int ANY = -1;
    private int expected;

    /** @param firstFrameBytes the length of the handshake frame this side reads first */
    FrameLengthDecoder(int frameBytesMax, int firstFrameBytes) {
        super(frameBytesMax, 0, 4, 0, 4);
        this.expected = firstFrameBytes;
    }

    /** The next frame must be {@code bytes} long; called on the channel's loop. */
    void expect(int bytes) {
        expected = bytes;
    }

    /** The handshake is complete: frames of any length up to the bound; called on the channel's loop. */
    void acceptAny() {
        expected = ANY;
    }

    /** Whether part of a frame has arrived and waits for the rest. */
    boolean holdsPartialFrame() {
        return actualReadableBytes() > 0;
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        long frameLength = super.getUnadjustedFrameLength(buf, offset, length, order);
        if (expected != ANY && frameLength != expected) {
            throw new TooLongFrameException("a frame of " + frameLength + " bytes during the handshake; expected a "
                    + expected + "-byte handshake frame");
        }
        return frameLength;
    }
}
