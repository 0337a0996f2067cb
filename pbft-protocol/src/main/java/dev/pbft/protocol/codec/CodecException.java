package dev.pbft.protocol.codec;

/**
 * A frame or message was rejected: malformed, over a bound, unregistered type, trailing bytes.
 * The only exception a decoder lets escape; the transport counts it and closes the connection.
 */
public final class CodecException extends Exception {
    private final String reason;

    public CodecException(String reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public CodecException(String reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    /** A short stable reason code for counters, e.g. {@code "bound"}, {@code "malformed"}. */
    public String reason() {
        return reason;
    }
}
