package dev.pbft.cli;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** The bench's key-value load: puts to random keys {@code k0..k(N-1)}, and the same keys preloaded. */
final class KvLoad {
    private KvLoad() {
    }

    /** The key every load and preload uses for index {@code i}. */
    static String key(long i) {
        return "k" + i;
    }

    /** Thread-safe: each call a put of {@code valueBytes} zeros to a uniformly random key. */
    static Supplier<byte[]> puts(int keys, int valueBytes) {
        Bytes value = Bytes.wrap(new byte[valueBytes]);
        return () -> KvCodec.encode(new KvOp.Put(Bytes.utf8(key(ThreadLocalRandom.current().nextInt(keys))), value));
    }

    /** Arguments of {@code pbft replica} for a key-value group, preloaded or not. */
    static List<String> replicaArgs(int keys, boolean preload, int valueBytes) {
        return preload ? List.of("--service", "kv", "--kv-preload", Integer.toString(keys), "--kv-preload-bytes",
                Integer.toString(valueBytes)) : List.of("--service", "kv");
    }
}
