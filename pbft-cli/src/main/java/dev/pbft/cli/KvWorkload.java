package dev.pbft.cli;

import dev.pbft.client.KvClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A self-checking key-value workload for one client: it writes its own keys and reads them back,
 * so it knows every right answer. An answer that differs is counted as a wrong result.
 */
final class KvWorkload {
    private final KvClient kv;
    private final String prefix;
    private final int keys;
    private final Map<String, String> expected = new HashMap<>();
    private long step;
    private long wrong;

    KvWorkload(KvClient kv, String clientName, int keys) {
        this.kv = kv;
        this.prefix = clientName + "/k";
        this.keys = keys;
    }

    /** One operation: put, get (checked), or compare-and-set (checked), in a fixed rotation. */
    void next() {
        String key = prefix + (step % keys);
        String value = "v" + step;
        switch ((int) (step % 4)) {
            case 0, 2 -> {
                kv.put(key, value);
                expected.put(key, value);
            }
            case 1 -> check(kv.get(key).equals(Optional.ofNullable(expected.get(key))));
            default -> {
                Optional<String> current = Optional.ofNullable(expected.get(key));
                check(kv.compareAndSet(key, current, value));
                expected.put(key, value);
            }
        }
        step++;
    }

    /**
     * Reads back every key this workload wrote and returns those whose value differs from the
     * last acknowledged write, as {@code key: expected X, read Y}. Call it after the last
     * {@link #next()}, on the thread that ran them or after joining it.
     */
    List<String> staleKeys() {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(expected).entrySet()) {
            Optional<String> read = kv.get(e.getKey());
            if (!read.equals(Optional.of(e.getValue()))) {
                stale.add(e.getKey() + ": expected " + e.getValue() + ", read " + read.orElse("nothing"));
            }
        }
        return stale;
    }

    private void check(boolean right) {
        if (!right) {
            wrong++;
        }
    }

    long wrongResults() {
        return wrong;
    }
}
