package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Request;
import java.util.List;

/**
 * An outbox in front of another that passes every observation (executed, checkpoints, state
 * transfer, views, flooding clients, the end of a burst) on unchanged; subclasses decide what
 * happens to messages.
 */
public abstract class ForwardingOutbox implements Outbox {
    /** Where observations, and whatever messages the subclass lets through, go. */
    protected final Outbox out;

    protected ForwardingOutbox(Outbox out) {
        this.out = out;
    }

    @Override
    public void executing(long seq) {
        out.executing(seq);
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
    public void viewChangeStarted(long view) {
        out.viewChangeStarted(view);
    }

    @Override
    public void clientOverBudget(int client) {
        out.clientOverBudget(client);
    }

    @Override
    public void burstEnded() {
        out.burstEnded();
    }
}
