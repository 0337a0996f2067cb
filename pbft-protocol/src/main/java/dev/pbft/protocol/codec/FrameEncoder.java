package dev.pbft.protocol.codec;

import dev.pbft.crypto.Authenticator;
import dev.pbft.crypto.Digests;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.message.Message;
import java.util.List;

/**
 * Builds authenticated frames: encodes a message once, digests it once, and computes one MAC per
 * receiver, so a multicast costs one encoding and n cheap MACs over 32 bytes.
 *
 * <p>Not thread-safe: it owns a {@link MessageCodec} and a {@link MacKeyring}; keep one per thread.
 */
public final class FrameEncoder {
    private final MessageCodec codec;
    private final MacKeyring keyring;

    public FrameEncoder(MessageCodec codec, MacKeyring keyring) {
        this.codec = codec;
        this.keyring = keyring;
    }

    /**
     * Encodes {@code message} once and authenticates it for {@code receivers} (1 to
     * {@link Frame#MAX_RECEIVERS} principals).
     *
     * @throws IllegalArgumentException if the frame would exceed the configured maximum
     */
    public EncodedMessage encode(Message message, int[] receivers) {
        if (receivers.length == 0 || receivers.length > Frame.MAX_RECEIVERS) {
            throw new IllegalArgumentException("a frame names 1.." + Frame.MAX_RECEIVERS + " receivers, not "
                    + receivers.length);
        }
        return authenticated(codec.encode(message), receivers);
    }

    /**
     * Encodes several messages for one receiver into one frame: one digest and one MAC for all.
     *
     * @throws IllegalArgumentException if they do not fit in one frame
     */
    public EncodedMessage encodeAll(List<? extends Message> messages, int receiver) {
        if (messages.isEmpty() || messages.size() > MessageCodec.MESSAGES_PER_FRAME_MAX) {
            throw new IllegalArgumentException("a frame carries 1.." + MessageCodec.MESSAGES_PER_FRAME_MAX
                    + " messages, not " + messages.size());
        }
        return authenticated(codec.encodeAll(messages), new int[] {receiver});
    }

    private EncodedMessage authenticated(byte[] body, int[] receivers) {
        int frameLength = Frame.length(body.length, 1);
        if (frameLength > codec.limits().frameBytesMax()) {
            throw new IllegalArgumentException("frame of " + frameLength + " bytes exceeds frame.bytes.max "
                    + codec.limits().frameBytesMax());
        }
        Authenticator auth = keyring.authenticate(Digests.sha256(body), receivers);
        return new EncodedMessage(body, receivers, auth.macBytes());
    }
}
