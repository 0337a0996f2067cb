package dev.pbft.protocol.kv;

import dev.pbft.protocol.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation on the replicated key-value store. Keys are at most {@link #KEY_BYTES_MAX} bytes
 * (the empty key is allowed); values are bounded only by the request size the cluster accepts.
 * Every constructor rejects null and oversized keys, so whatever can be built can be encoded and
 * decoded again.
 */
public sealed interface KvOp {
    /** Largest key in bytes. */
    int KEY_BYTES_MAX = 1024;

    /** The key this operation is about. */
    Bytes key();

    /** Sets {@code key} to {@code value}; answered with {@code OK}. */
    record Put(Bytes key, Bytes value) implements KvOp {
        public Put {
            checkKey(key);
            Objects.requireNonNull(value, "value");
        }
    }

    /** Reads {@code key}; answered with {@code OK} and the value, or {@code NOT_FOUND}. */
    record Get(Bytes key) implements KvOp {
        public Get {
            checkKey(key);
        }
    }

    /** Removes {@code key}; answered with {@code OK} if it existed, else {@code NOT_FOUND}. */
    record Delete(Bytes key) implements KvOp {
        public Delete {
            checkKey(key);
        }
    }

    /**
     * Sets {@code key} to {@code update} only if its current value equals {@code expected}, where
     * an empty {@code expected} means "the key must be absent". Answered with {@code OK} if the
     * update was applied, else {@code CAS_FAILED} (optionally carrying the current value).
     */
    record CompareAndSet(Bytes key, Optional<Bytes> expected, Bytes update) implements KvOp {
        public CompareAndSet {
            checkKey(key);
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(update, "update");
        }
    }

    private static void checkKey(Bytes key) {
        Objects.requireNonNull(key, "key");
        if (key.length() > KEY_BYTES_MAX) {
            throw new IllegalArgumentException("key of " + key.length() + " bytes exceeds " + KEY_BYTES_MAX);
        }
    }
}
