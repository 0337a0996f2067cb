package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Request;
import java.util.List;

/**
 * Stands between the core and its outbox and journal. While a restarted core replays its journal it
 * is closed: the replies and CHECKPOINTs of re-executed batches were sent in the earlier run, and the
 * entries being replayed are on disk already. Observations (executed, checkpointTaken) pass always.
 */
final class ReplayGate implements Outbox, Journal {
    private final Outbox out;
    private final Journal journal;
    private boolean closed;

    ReplayGate(Outbox out, Journal journal) {
        this.out = out;
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

    @Override
    public void executed(long seq, Bytes digest, List<Request> batch) {
        out.executed(seq, digest, batch);
    }

    @Override
    public void checkpointTaken(long seq, Bytes stateDigest) {
        out.checkpointTaken(seq, stateDigest);
    }

    @Override
    public void stateDiverged(long seq, Bytes own, Bytes stable) {
        out.stateDiverged(seq, own, stable);
    }

    @Override
    public void stateFetchStarted(long seq) {
        out.stateFetchStarted(seq);
    }

    @Override
    public void stateFetched(long seq, long partitionsFetched) {
        out.stateFetched(seq, partitionsFetched);
    }

    @Override
    public void viewInstalled(long view, int primary) {
        out.viewInstalled(view, primary);
    }

    @Override
    public void burstEnded() {
        out.burstEnded();
    }
}
