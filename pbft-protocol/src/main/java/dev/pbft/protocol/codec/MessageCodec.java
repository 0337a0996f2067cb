package dev.pbft.protocol.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.pbft.protocol.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes {@link Message}s with Kryo, registration required: an unregistered class id
 * is a rejected message, never a reflective or Java-serialized object.
 *
 * <p>Not thread-safe (Kryo is not): keep one per thread. Creating one is cheap enough for a
 * thread-local or a per-connection instance, not for a per-message one.
 */
public final class MessageCodec {
    /** The most messages one frame may carry; every one is at least a byte, so this is a loose bound. */
    public static final int MESSAGES_PER_FRAME_MAX = 1024;
    private static final byte[] EMPTY = new byte[0];
    private final Kryo kryo = new Kryo();
    private final Output output;
    private final Input input = new Input();
    private final WireLimits limits;

    public MessageCodec(WireLimits limits) {
        this.limits = limits;
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        new MessageSerializers(limits).registerAll(kryo);
        output = new Output(Math.min(4096, limits.frameBytesMax()), limits.frameBytesMax());
    }

    public WireLimits limits() {
        return limits;
    }

    /**
     * Returns the encoding of {@code message}.
     *
     * @throws IllegalArgumentException if the encoding would exceed the frame bound
     */
    public byte[] encode(Message message) {
        output.reset();
        try {
            kryo.writeClassAndObject(output, message);
        } catch (KryoException e) {
            throw new IllegalArgumentException("message does not fit in a frame of " + limits.frameBytesMax()
                    + " bytes: " + message.getClass().getSimpleName(), e);
        }
        return output.toBytes();
    }

    /**
     * Encodes {@code messages} back to back: the body of a frame that carries several.
     *
     * @throws IllegalArgumentException if the encoding would exceed the frame bound
     */
    public byte[] encodeAll(List<? extends Message> messages) {
        output.reset();
        try {
            for (Message m : messages) {
                kryo.writeClassAndObject(output, m);
            }
        } catch (KryoException e) {
            throw new IllegalArgumentException(messages.size() + " messages do not fit in a frame of "
                    + limits.frameBytesMax() + " bytes", e);
        }
        return output.toBytes();
    }

    /**
     * Decodes the one or more messages, at most {@link #MESSAGES_PER_FRAME_MAX}, that fill
     * {@code buf[offset, offset+length)} exactly.
     *
     * @throws CodecException as {@link #decode}, and for an empty body or too many messages
     */
    public List<Message> decodeAll(byte[] buf, int offset, int length) throws CodecException {
        if (length > limits.frameBytesMax()) {
            throw new CodecException("bound", "body of " + length + " bytes exceeds " + limits.frameBytesMax());
        }
        List<Message> messages = new ArrayList<>(2);
        int end = offset + length;
        int at = offset;
        while (at < end) {
            if (messages.size() == MESSAGES_PER_FRAME_MAX) {
                throw new CodecException("bound", "more than " + MESSAGES_PER_FRAME_MAX + " messages in one frame");
            }
            input.setBuffer(buf, at, end - at);
            messages.add(readOne(end));
            at = lastEnd;
        }
        if (messages.isEmpty()) {
            throw new CodecException("malformed", "a frame without a message");
        }
        return messages;
    }

    /** Where the last message read by {@link #readOne} ended in its buffer. */
    private int lastEnd;

    /**
     * Reads one message from {@link #input}. Kryo reports underflow and unknown class ids as
     * KryoException; anything else thrown while decoding hostile bytes is equally a malformed
     * message, never a crash.
     */
    private Message readOne(int limit) throws CodecException {
        Object decoded;
        try {
            decoded = kryo.readClassAndObject(input);
            lastEnd = input.position();
        } catch (WireReader.BoundException e) {
            throw new CodecException("bound", e.getMessage());
        } catch (RuntimeException e) {
            throw new CodecException("malformed", String.valueOf(e.getMessage()), e);
        } finally {
            input.setBuffer(EMPTY);
        }
        if (!(decoded instanceof Message message)) {
            throw new CodecException("malformed", "not a message: " + (decoded == null ? "null" : decoded.getClass()));
        }
        if (lastEnd > limit) {
            throw new CodecException("malformed", "a message runs past the end of its frame");
        }
        return message;
    }

    /**
     * Decodes exactly one message occupying {@code buf[offset, offset+length)}.
     *
     * @throws CodecException for anything but a well-formed, in-bounds, registered message with no
     *                        trailing bytes; no other exception escapes
     */
    public Message decode(byte[] buf, int offset, int length) throws CodecException {
        if (length > limits.frameBytesMax()) {
            throw new CodecException("bound", "message of " + length + " bytes exceeds " + limits.frameBytesMax());
        }
        input.setBuffer(buf, offset, length);
        Message message = readOne(offset + length);
        if (lastEnd != offset + length) {
            throw new CodecException("malformed", (offset + length - lastEnd) + " trailing bytes");
        }
        return message;
    }
}
