package dev.pbft.client;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.protocol.kv.KvResult;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A typed client of the replicated key-value service, over a {@link PbftClient} that the caller
 * owns and closes. Strings travel as UTF-8; keys are at most {@link KvOp#KEY_BYTES_MAX} bytes.
 * Every operation, reads included, is ordered by the group (linearizable).
 *
 * <p>Synchronous calls block and throw {@link PbftClientException} on timeout, close, a
 * {@code BAD_REQUEST} from the service, or a result that is not a well-formed answer to the
 * operation. Async variants complete exceptionally with the same exception, on the client's thread
 * (see {@link PbftClient} on dependent stages); they block the caller only for backpressure.
 * Thread-safe.
 */
public final class KvClient {
    private final PbftClient client;

    public KvClient(PbftClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public void put(String key, String value) {
        sync(() -> putAsync(utf8(key), utf8(value)));
    }

    /** @return the value, or empty if the key does not exist */
    public Optional<String> get(String key) {
        return sync(() -> getAsync(utf8(key))).map(Bytes::toUtf8);
    }

    /** @return true if the key existed */
    public boolean delete(String key) {
        return sync(() -> deleteAsync(utf8(key)));
    }

    /**
     * Sets {@code key} to {@code update} if its value equals {@code expected}; an empty
     * {@code expected} means the key must be absent.
     *
     * @return true if the update was applied
     */
    public boolean compareAndSet(String key, Optional<String> expected, String update) {
        return sync(() -> compareAndSetAsync(utf8(key), expected.map(KvClient::utf8), utf8(update)));
    }

    public void put(byte[] key, byte[] value) {
        sync(() -> putAsync(Bytes.copyOf(key), Bytes.copyOf(value)));
    }

    public Optional<byte[]> get(byte[] key) {
        return sync(() -> getAsync(Bytes.copyOf(key))).map(Bytes::toArray);
    }

    public boolean delete(byte[] key) {
        return sync(() -> deleteAsync(Bytes.copyOf(key)));
    }

    public boolean compareAndSet(byte[] key, Optional<byte[]> expected, byte[] update) {
        return sync(() -> compareAndSetAsync(Bytes.copyOf(key), expected.map(Bytes::copyOf), Bytes.copyOf(update)));
    }

    public CompletableFuture<Void> putAsync(Bytes key, Bytes value) {
        return call(new KvOp.Put(key, value)).thenApply(r -> {
            expect(r, "put", KvResult.Status.OK);
            return null;
        });
    }

    /**
     * Completes with the value, or empty if the key does not exist. Through
     * {@link PbftClient#invokeReadOnlyAsync}: on the read-only path when the group has
     * {@code request.read-only = 1}, else ordered.
     */
    public CompletableFuture<Optional<Bytes>> getAsync(Bytes key) {
        return call(new KvOp.Get(key), true).thenApply(r -> {
            if (expect(r, "get", KvResult.Status.OK, KvResult.Status.NOT_FOUND) == KvResult.Status.NOT_FOUND) {
                return Optional.empty();
            }
            if (r.value().isEmpty()) {
                throw new PbftClientException("get: the service answered OK without a value");
            }
            return r.value();
        });
    }

    /** Completes with true if the key existed. */
    public CompletableFuture<Boolean> deleteAsync(Bytes key) {
        return call(new KvOp.Delete(key))
                .thenApply(r -> expect(r, "delete", KvResult.Status.OK, KvResult.Status.NOT_FOUND) == KvResult.Status.OK);
    }

    /** Completes with true if the update was applied; empty {@code expected} means "absent". */
    public CompletableFuture<Boolean> compareAndSetAsync(Bytes key, Optional<Bytes> expected, Bytes update) {
        return call(new KvOp.CompareAndSet(key, expected, update))
                .thenApply(r -> expect(r, "compareAndSet", KvResult.Status.OK, KvResult.Status.CAS_FAILED)
                        == KvResult.Status.OK);
    }

    private CompletableFuture<KvResult> call(KvOp op) {
        return call(op, false);
    }

    /** With {@code readOnly}, through {@link PbftClient#invokeReadOnlyAsync}: the read-only path if the group has it. */
    private CompletableFuture<KvResult> call(KvOp op, boolean readOnly) {
        byte[] encoded = KvCodec.encode(op);
        CompletableFuture<byte[]> result = readOnly ? client.invokeReadOnlyAsync(encoded) : client.invokeAsync(encoded);
        return result.thenApply(bytes -> {
            try {
                return KvCodec.decodeResult(bytes);
            } catch (IllegalArgumentException e) {
                throw new PbftClientException("malformed result from the service: " + e.getMessage(), e);
            }
        });
    }

    /** Returns the status if it is one of {@code allowed}; otherwise throws, with the service's reason. */
    private static KvResult.Status expect(KvResult r, String op, KvResult.Status... allowed) {
        for (KvResult.Status s : allowed) {
            if (r.status() == s) {
                return s;
            }
        }
        String detail = r.value().map(v -> ": " + v.toUtf8()).orElse("");
        if (r.status() == KvResult.Status.BAD_REQUEST) {
            throw new PbftClientException(op + " refused by the service as a bad request" + detail);
        }
        if (r.status() == KvResult.Status.FULL) {
            throw new PbftClientException(op + " refused: the store is full (kv.megabytes.max)" + detail);
        }
        throw new PbftClientException(op + ": unexpected result status " + r.status());
    }

    private <T> T sync(Supplier<CompletableFuture<T>> call) {
        client.checkNotClientThread("a synchronous KvClient call");
        return PbftClient.await(call.get());
    }

    private static Bytes utf8(String s) {
        return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
