package dev.pbft.protocol.codec;

import dev.pbft.crypto.Digests;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.message.Message;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Authenticates and decodes frames arriving at principal {@code self}: checks the layout, finds
 * the MAC addressed to {@code self}, verifies it in constant time under the sender's key, and only
 * then hands the body to the {@link MessageCodec}. No byte of an unauthenticated body is decoded.
 *
 * <p>Not thread-safe; keep one per thread or connection.
 */
public final class FrameDecoder {
    private final int self;
    private final MessageCodec codec;
    private final MacKeyring keyring;
    private final byte[] mac = new byte[32];

    public FrameDecoder(int self, MessageCodec codec, MacKeyring keyring) {
        this.self = self;
        this.codec = codec;
        this.keyring = keyring;
    }

    /** The keyring this decoder verifies with; owned by the same thread. */
    public MacKeyring keyring() {
        return keyring;
    }

    /**
     * Decodes a frame (length prefix already stripped) from {@code sender} that carries exactly one
     * message.
     *
     * @throws CodecException with reason {@code "mac"} for a missing or wrong MAC, {@code "bound"} or
     *                        {@code "malformed"} for a bad layout or body; nothing else escapes
     */
    public Message decode(int sender, byte[] frame, int offset, int length) throws CodecException {
        List<Message> messages = decodeAll(sender, frame, offset, length);
        if (messages.size() != 1) {
            throw new CodecException("malformed", messages.size() + " messages where one was expected");
        }
        return messages.get(0);
    }

    /**
     * Authenticates one frame (length prefix already stripped) from {@code sender} and decodes the
     * one or more messages it carries, in order.
     *
     * @throws CodecException as {@link #decode}
     */
    public List<Message> decodeAll(int sender, byte[] frame, int offset, int length) throws CodecException {
        if (length > codec.limits().frameBytesMax()) {
            throw new CodecException("bound", "frame of " + length + " bytes exceeds " + codec.limits().frameBytesMax());
        }
        ByteBuffer in = ByteBuffer.wrap(frame, offset, length);
        if (length < Frame.length(0, 0)) {
            throw new CodecException("malformed", "frame of " + length + " bytes is shorter than any frame");
        }
        int bodyLength = in.getInt();
        if (bodyLength < 0 || bodyLength > length - Frame.length(0, 0)) {
            throw new CodecException("malformed", "body length " + bodyLength + " in a frame of " + length);
        }
        int bodyOffset = in.position();
        in.position(bodyOffset + bodyLength);
        int macCount = in.get() & 0xff;
        if (Frame.length(bodyLength, macCount) != length) {
            throw new CodecException("malformed", macCount + " MACs do not fill a frame of " + length + " bytes");
        }
        if (!findMac(in, macCount)) {
            throw new CodecException("mac", "no MAC for principal " + self);
        }
        byte[] digest = Digests.sha256(frame, bodyOffset, bodyLength);
        if (!keyring.verify(sender, digest, mac)) {
            throw new CodecException("mac", "bad MAC from principal " + sender);
        }
        return codec.decodeAll(frame, bodyOffset, bodyLength);
    }

    private boolean findMac(ByteBuffer in, int macCount) {
        for (int i = 0; i < macCount; i++) {
            int receiver = in.getShort() & 0xffff;
            if (receiver == self) {
                in.get(mac);
                return true;
            }
            in.position(in.position() + mac.length);
        }
        return false;
    }
}
