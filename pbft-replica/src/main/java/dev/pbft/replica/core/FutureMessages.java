package dev.pbft.replica.core;

import dev.pbft.protocol.message.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A bounded holding area for messages that arrived just above the window. */
final class FutureMessages {
    record Entry(int from, Message message) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final int max;

    FutureMessages(int max) {
        this.max = max;
    }

    /** Keeps the message unless the area is full; returns whether it was kept. */
    boolean offer(int from, Message message) {
        if (entries.size() >= max) {
            return false;
        }
        entries.add(new Entry(from, message));
        return true;
    }

    /** Removes and returns everything held, oldest first. */
    List<Entry> drain() {
        List<Entry> all = new ArrayList<>(entries);
        entries.clear();
        return all;
    }
}
