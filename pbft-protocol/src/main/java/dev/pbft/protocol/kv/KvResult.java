package dev.pbft.protocol.kv;

import dev.pbft.protocol.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one {@link KvOp}. {@code value} is present for a {@code GET} that found the key;
 * a {@code CAS_FAILED} may carry the current value; a {@code BAD_REQUEST} may carry a UTF-8
 * reason. Otherwise it is empty.
 */
public record KvResult(Status status, Optional<Bytes> value) {

    /** What happened; the byte in parentheses is the status's encoding. */
    public enum Status {
        /** (0) The operation was applied, or the key was found. */
        OK,
        /** (1) The key does not exist (GET, DELETE). */
        NOT_FOUND,
        /** (2) A compare-and-set found another value and changed nothing. */
        CAS_FAILED,
        /** (3) The operation could not be decoded; nothing changed. */
        BAD_REQUEST,
        /**
         * (4) The store holds as many bytes as it is configured to; the write changed nothing.
         * The value carries a UTF-8 reason.
         */
        FULL
    }

    public KvResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(value, "value");
    }

    public static KvResult ok() {
        return new KvResult(Status.OK, Optional.empty());
    }

    public static KvResult ok(Bytes value) {
        return new KvResult(Status.OK, Optional.of(value));
    }

    public static KvResult notFound() {
        return new KvResult(Status.NOT_FOUND, Optional.empty());
    }

    /** @param current the value found, empty if the key was absent */
    public static KvResult casFailed(Optional<Bytes> current) {
        return new KvResult(Status.CAS_FAILED, current);
    }

    public static KvResult full(String reason) {
        return new KvResult(Status.FULL, Optional.of(Bytes.utf8(reason)));
    }

    public static KvResult badRequest(String reason) {
        return new KvResult(Status.BAD_REQUEST, Optional.of(Bytes.utf8(reason)));
    }
}
