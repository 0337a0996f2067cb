package dev.pbft.protocol.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.pbft.protocol.message.Message;

/**
 * Encodes and decodes {@link Message}s with Kryo, registration required: an unregistered class id
 * is a rejected message, never a reflective or Java-serialized object.
 *
 * <p>Not thread-safe (Kryo is not): keep one per thread. Creating one is cheap enough for a
 * thread-local or a per-connection instance, not for a per-message one.
 */
public final class MessageCodec {
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
        Object decoded;
        int end;
        try {
            decoded = kryo.readClassAndObject(input);
            end = input.position();
        } catch (WireReader.BoundException e) {
            throw new CodecException("bound", e.getMessage());
        } catch (RuntimeException e) {
            // Kryo reports underflow and unknown class ids as KryoException; anything else thrown
            // while decoding hostile bytes is equally a malformed message, never a crash.
            throw new CodecException("malformed", String.valueOf(e.getMessage()), e);
        } finally {
            input.setBuffer(EMPTY);
        }
        if (!(decoded instanceof Message message)) {
            throw new CodecException("malformed", "not a message: " + (decoded == null ? "null" : decoded.getClass()));
        }
        if (end != offset + length) {
            throw new CodecException("malformed", (offset + length - end) + " trailing bytes");
        }
        return message;
    }
}
