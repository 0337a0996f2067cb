package dev.pbft.sim;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import java.util.Optional;
import java.util.Random;

/** Seeded key-value operations on a small shared key space, so clients contend on keys. */
final class Workload {
    private final Random random;
    private final int keys;
    private final String client;
    private int counter;

    Workload(long seed, int keys, String client) {
        this.random = new Random(seed);
        this.keys = keys;
        this.client = client;
    }

    Bytes next() {
        Bytes key = Bytes.utf8("k" + random.nextInt(keys));
        Bytes value = Bytes.utf8(client + "-" + counter++);
        KvOp op = switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> new KvOp.Put(key, value);
            case 4, 5, 6 -> new KvOp.Get(key);
            case 7 -> new KvOp.Delete(key);
            default -> new KvOp.CompareAndSet(key, random.nextBoolean() ? Optional.empty()
                    : Optional.of(Bytes.utf8("c" + random.nextInt(4) + "-" + random.nextInt(counter + 1))), value);
        };
        return Bytes.wrap(KvCodec.encode(op));
    }
}
