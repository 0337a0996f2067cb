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

    /**
     * Thread-safe: each call a put of {@code valueBytes} bytes to a uniformly random key; the value
     * starts with a random number (the rest zeros), so a put changes what the preload wrote.
     */
    static Supplier<byte[]> puts(int keys, int valueBytes) {
        return () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            byte[] value = new byte[valueBytes];
            for (int i = 0; i < Math.min(8, valueBytes); i++) {
                value[i] = (byte) random.nextInt();
            }
            return KvCodec.encode(new KvOp.Put(Bytes.utf8(key(random.nextInt(keys))), Bytes.wrap(value)));
        };
    }

    /**
     * Thread-safe: each call a GET of a uniformly random key with probability {@code readPercent}
     * in 100, else a put as {@link #puts} makes.
     */
    static Supplier<byte[]> mixed(int keys, int valueBytes, int readPercent) {
        Supplier<byte[]> puts = puts(keys, valueBytes);
        return () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return random.nextInt(100) < readPercent
                    ? KvCodec.encode(new KvOp.Get(Bytes.utf8(key(random.nextInt(keys))))) : puts.get();
        };
    }

    /** Arguments of {@code pbft replica} for a key-value group, preloaded or not. */
    static List<String> replicaArgs(int keys, boolean preload, int valueBytes) {
        return preload ? List.of("--service", "kv", "--kv-preload", Integer.toString(keys), "--kv-preload-bytes",
                Integer.toString(valueBytes)) : List.of("--service", "kv");
    }
}
