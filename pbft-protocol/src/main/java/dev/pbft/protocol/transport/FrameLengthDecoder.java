package dev.pbft.protocol.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteOrder;

/**
 * Splits the stream into length-prefixed frames of at most {@code frame.bytes.max}. On a
 * connection we accepted, until the peer's hello has been verified the only acceptable frame is a
 * hello: any other length is refused before a byte of it is buffered, so a peer that has proved
 * nothing can make us hold at most one hello per connection, not a frame of megabytes.
 */
final class FrameLengthDecoder extends LengthFieldBasedFrameDecoder {
    private boolean helloVerified;

    /** @param helloVerified true for connections we opened, whose peer we chose */
    FrameLengthDecoder(int frameBytesMax, boolean helloVerified) {
        super(frameBytesMax, 0, 4, 0, 4);
        this.helloVerified = helloVerified;
    }

    /** Lifts the hello-only bound; called on the channel's loop once the hello checks out. */
    void helloVerified() {
        helloVerified = true;
    }

    /** Whether part of a frame has arrived and waits for the rest. */
    boolean holdsPartialFrame() {
        return actualReadableBytes() > 0;
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        long frameLength = super.getUnadjustedFrameLength(buf, offset, length, order);
        if (!helloVerified && frameLength != Handshake.BYTES) {
            throw new TooLongFrameException("a frame of " + frameLength + " bytes before the hello; expected a "
                    + Handshake.BYTES + "-byte hello");
        }
        return frameLength;
    }
}
