package dev.pbft.replica.core;

import dev.pbft.protocol.message.Message;

/**
 * Stands between the core and its outbox and journal. While a restarted core replays its journal it
 * is closed: the replies and CHECKPOINTs of re-executed batches were sent in the earlier run, and the
 * entries being replayed are on disk already. Observations (executed, checkpointTaken) pass always.
 */
final class ReplayGate extends ForwardingOutbox implements Journal {
    private final Journal journal;
    private boolean closed;

    ReplayGate(Outbox out, Journal journal) {
        super(out);
        this.journal = journal;
    }

    void close() {
        closed = true;
    }

    void open() {
        closed = false;
    }

    @Override
    public void append(JournalEntry entry) {
        if (!closed) {
            journal.append(entry);
        }
    }

    @Override
    public void send(int to, Message message) {
        if (!closed) {
            out.send(to, message);
        }
    }

    @Override
    public void multicast(int[] to, Message message) {
        if (!closed) {
            out.multicast(to, message);
        }
    }
}
