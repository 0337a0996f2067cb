package dev.pbft.cli;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.kv.KvCodec;
import dev.pbft.protocol.kv.KvOp;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.KvService;

/**
 * Fills a key-value store before its replica starts, identically on every replica, so a benchmark
 * can start from a large state without ordering a million puts first.
 */
final class KvPreload {
    private KvPreload() {
    }

    static void fill(KvService kv, int keys, int valueBytes) {
        Bytes value = Bytes.wrap(new byte[valueBytes]);
        for (int i = 0; i < keys; i++) {
            byte[] put = KvCodec.encode(new KvOp.Put(Bytes.utf8(KvLoad.key(i)), value));
            kv.execute(new ExecutionContext("preload", i, 0), put);
        }
    }
}
