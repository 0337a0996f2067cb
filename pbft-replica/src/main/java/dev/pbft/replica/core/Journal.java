package dev.pbft.replica.core;

/**
 * Where a core writes its {@link JournalEntry}s, synchronously and in order. An implementation must
 * make every entry durable before any message the core sends after it leaves the replica (group
 * commit at {@link Outbox#burstEnded()} is how the runtime does it): a promise that is not on disk
 * before it is sent may be broken by the replica after a crash.
 */
public interface Journal {
    void append(JournalEntry entry);

    /** No journal: the replica forgets everything when it stops (tests, benchmarks, in-memory mode). */
    Journal NONE = entry -> { };
}
