package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import java.util.List;

/**
 * What a replica promised or did that must survive its crash: replayed in order by
 * {@link ReplicaCore#recover}, a replica comes back with the same promises (it never sends a
 * PREPARE or COMMIT that contradicts one sent before), the same view, and every batch it executed.
 */
public sealed interface JournalEntry {
    /** The sequence number the entry is about, or -1 for none. */
    long seq();

    /** A pre-prepare this replica accepted, or sent as primary, in its view. */
    record Accepted(PrePrepare prePrepare) implements JournalEntry {
        @Override
        public long seq() {
            return prePrepare.seq();
        }
    }

    /** The batch {@code digest} prepared at (view, seq) here: this replica sent COMMIT for it. */
    record Prepared(long view, long seq, Bytes digest) implements JournalEntry {
    }

    /**
     * Batch {@code seq} was executed. {@code batch} is null when an {@link Accepted} entry for the
     * same digest carries it, so a batch is written once in the normal case.
     */
    record Executed(long seq, Bytes digest, List<Request> batch) implements JournalEntry {
    }

    /** This replica moved to {@code view}: changing to it, or (active) installed it. */
    record ViewEntered(long view, boolean active) implements JournalEntry {
        @Override
        public long seq() {
            return -1;
        }
    }

    /** (seq, digest) became the stable checkpoint. */
    record Stable(long seq, Bytes digest) implements JournalEntry {
    }
}
