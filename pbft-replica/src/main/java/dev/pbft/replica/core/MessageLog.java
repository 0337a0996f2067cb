package dev.pbft.replica.core;

import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The window h < seq <= h + L of one replica: a slot per sequence number, and which sequence number
 * each request in an accepted pre-prepare of the current view sits at (so one request given two
 * sequence numbers in one view is noticed). The one owner of h, the low-water mark.
 */
final class MessageLog {
    private final Slot[] slots;
    private final Map<RequestId, Long> ordered = new HashMap<>();
    private long low;
    private long highestPrepared;

    MessageLog(int windowSize) {
        this.slots = new Slot[windowSize];
    }

    /** h: the last stable checkpoint. */
    long low() {
        return low;
    }

    long high() {
        return low + slots.length;
    }

    boolean inWindow(long seq) {
        return seq > low && seq <= high();
    }

    /** The slot for {@code seq}, created in {@code view} if absent; {@code seq} must be in the window. */
    Slot slot(long seq, long view) {
        int i = index(seq);
        Slot slot = slots[i];
        if (slot == null || slot.seq != seq) {
            slot = new Slot(seq, view);
            slots[i] = slot;
        }
        return slot;
    }

    /** The slot for {@code seq} if one exists, else null. */
    Slot existing(long seq) {
        if (!inWindow(seq)) {
            return null;
        }
        Slot slot = slots[index(seq)];
        return slot != null && slot.seq == seq ? slot : null;
    }

    /** Every slot in the window, lowest sequence number first. */
    List<Slot> slots() {
        List<Slot> all = new ArrayList<>();
        for (long seq = low + 1; seq <= high(); seq++) {
            Slot s = existing(seq);
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    /** The highest sequence number with a slot, or h if none. */
    /**
     * The highest sequence number this replica ever prepared (sent its COMMIT for), in any view, or
     * 0. Never lowered: a view change clears the slots' prepared marks, but not what was sent.
     */
    long highestPrepared() {
        return highestPrepared;
    }

    /** This replica prepared {@code seq}; see {@link #highestPrepared}. */
    void notePrepared(long seq) {
        highestPrepared = Math.max(highestPrepared, seq);
    }

    long highestSlot() {
        long best = low;
        for (Slot s : slots) {
            if (s != null && s.seq > best && inWindow(s.seq)) {
                best = s.seq;
            }
        }
        return best;
    }

    /** Moves h up to {@code seq}, dropping every slot at or below it. */
    void advanceTo(long seq) {
        for (long q = low + 1; q <= seq && q <= high(); q++) {
            Slot s = existing(q);
            if (s != null) {
                forget(s);
                slots[index(q)] = null;
            }
        }
        low = Math.max(low, seq);
    }

    /** The sequence number {@code r} was given in the current view, or null. */
    Long orderedAt(Request r) {
        return ordered.get(RequestId.of(r));
    }

    boolean isOrdered(RequestId id) {
        return ordered.containsKey(id);
    }

    void noteOrdered(Slot slot) {
        for (Request r : slot.prePrepare.batch()) {
            ordered.put(RequestId.of(r), slot.seq);
        }
    }

    /** Rebuilds the ordered set from the slots' pre-prepares, after a view change. */
    void reindexOrdered() {
        ordered.clear();
        for (Slot s : slots()) {
            if (s.prePrepare != null) {
                noteOrdered(s);
            } else if (s.decidedBatch != null) {
                for (Request r : s.decidedBatch) {
                    ordered.put(RequestId.of(r), s.seq);
                }
            }
        }
    }

    private void forget(Slot s) {
        List<Request> batch = s.prePrepare != null ? s.prePrepare.batch() : s.decidedBatch;
        if (batch != null) {
            for (Request r : batch) {
                ordered.remove(RequestId.of(r), s.seq);
            }
        }
    }

    /**
     * Marks the slots up to {@code seq} executed: a restarted replica loaded them with its
     * checkpoint image, which may lie above its stable checkpoint.
     */
    void markExecutedUpTo(long seq) {
        for (Slot slot : slots()) {
            if (slot.seq <= seq) {
                slot.executed = true;
            }
        }
    }

    /** Checks each slot against the replica's last executed sequence number and view. */
    void checkSlots(long lastExecuted, long view) {
        for (Slot slot : slots()) {
            if (slot.decided() && slot.executed != (slot.seq <= lastExecuted)) {
                throw new IllegalStateException("slot " + slot.seq + " executed=" + slot.executed + " but last executed "
                        + lastExecuted);
            }
            if (slot.view > view) {
                throw new IllegalStateException("slot " + slot.seq + " in view " + slot.view + " above " + view);
            }
        }
    }

    private int index(long seq) {
        return (int) Math.floorMod(seq, (long) slots.length);
    }
}
