package dev.pbft.replica.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A journal held in the heap, for the simulator and tests: it survives a core (a crash loses the
 * core's memory, not this) but not the process. Entries at or below a stable checkpoint are
 * dropped, except the latest view and stable checkpoint, so it stays within a window's worth.
 */
public final class MemoryJournal implements Journal {
    private final List<JournalEntry> entries = new ArrayList<>();

    @Override
    public void append(JournalEntry entry) {
        entries.add(entry);
        if (entry instanceof JournalEntry.Stable stable) {
            JournalEntry.ViewEntered lastView = null;
            for (JournalEntry e : entries) {
                if (e instanceof JournalEntry.ViewEntered v) {
                    lastView = v;
                }
            }
            entries.removeIf(e -> e.seq() <= stable.seq() && e != stable);
            if (lastView != null) {
                entries.add(0, lastView);
            }
        }
    }

    /** Everything kept, in the order written. */
    public List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    /** Forgets everything: a lost disk. */
    public void clear() {
        entries.clear();
    }
}
