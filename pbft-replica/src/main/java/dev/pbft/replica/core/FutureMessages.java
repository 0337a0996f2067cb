package dev.pbft.replica.core;

import dev.pbft.protocol.message.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded holding area for messages that arrived early: just above the window, or for the view
 * this replica is changing to. Each sender has a quota of its own, so one faulty replica filling
 * its share cannot crowd out a correct primary's pre-prepares.
 */
final class FutureMessages {
    record Entry(int from, Message message) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final int[] perSender;
    private final int perSenderMax;

    /**
     * @param senders      replicas 0..senders-1 may be held from
     * @param perSenderMax messages held per sender
     */
    FutureMessages(int senders, int perSenderMax) {
        this.perSender = new int[senders];
        this.perSenderMax = perSenderMax;
    }

    /** Keeps the message unless its sender's quota is used up; returns whether it was kept. */
    boolean offer(int from, Message message) {
        if (from < 0 || from >= perSender.length || perSender[from] >= perSenderMax) {
            return false;
        }
        perSender[from]++;
        entries.add(new Entry(from, message));
        return true;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Removes and returns everything held, oldest first. */
    List<Entry> drain() {
        List<Entry> all = new ArrayList<>(entries);
        entries.clear();
        java.util.Arrays.fill(perSender, 0);
        return all;
    }
}
