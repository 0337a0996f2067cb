package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.Service;
import java.util.function.BiPredicate;

/**
 * The read-only path (OSDI'99 section 5.1, {@code request.read-only}): a client's read-only request
 * runs on this replica's state outside the agreed order and is answered; nothing of it is
 * recorded, so it costs no sequence number and no exactly-once state. The client needs 2f+1
 * matching answers and orders the operation otherwise.
 *
 * <p>Why that is linearizable although a write completes on f+1 replies: a completed write was
 * executed by a correct replica, so 2f+1 replicas sent COMMITs for it, f+1 of them correct; any
 * 2f+1 that answer a read include one of those. A replica therefore answers a read only once it has
 * executed every batch it had prepared when the read arrived: the answer of that one includes the
 * write, and 2f+1 matching answers all do. Reads that must wait are kept, a bounded number, and
 * answered as execution catches up; each read is charged to its client's budget like any request
 * beyond its window, so reads cannot flood a replica. Part of {@link ReplicaCore}, on its thread.
 */
final class ReadPath {
    private final CoreSettings s;
    private final Outbox out;
    private final CoreStats stats;
    private final BatchRules rules;
    private final Service service;
    /** Charges a copy its client sent to the client's budget; false if it is over (see RequestPath). */
    private final BiPredicate<Integer, Request> charge;
    /**
     * Reads waiting for execution to reach {@code after}: at most W per client of the config, and
     * at most {@code batch.bytes.max} of operations in all (a read may be as large as a request).
     */
    private final java.util.ArrayDeque<Waiting> waiting = new java.util.ArrayDeque<>();
    private final int waitingMax;
    private long waitingBytes;

    private record Waiting(Request read, long after) {
    }

    ReadPath(CoreSettings settings, Outbox out, CoreStats stats, BatchRules rules, Service service,
             BiPredicate<Integer, Request> charge) {
        this.s = settings;
        this.out = out;
        this.stats = stats;
        this.rules = rules;
        this.service = service;
        this.charge = charge;
        this.waitingMax = settings.clientWindow() * Math.max(1, settings.principalCount() - settings.n());
    }

    /**
     * Takes read-only request {@code r} from {@code from}, or refuses it (counted): only its client
     * may send it, with the path on, its MAC checking, the service declaring the operation
     * read-only, and this replica not in the middle of replacing its state. It is answered with the
     * state as of {@code lastExecuted} in {@code view} at once if this replica has executed all it
     * prepared ({@code highestPrepared}), else once it has.
     */
    void onRead(int from, Request r, long view, long lastExecuted, long highestPrepared, boolean fetchingState) {
        if (from != r.client() || !s.isClient(from)) {
            stats.reject("read-only:wrong-sender"); // a replica has no business passing reads on
            return;
        }
        if (!s.readOnly()) {
            stats.reject("read-only:not-enabled");
            return;
        }
        if (!charge.test(from, r)) {
            return; // counted as request:client-over-budget; not even its MAC is checked
        }
        if (!rules.clientAuthChecks(r)) {
            stats.reject("read-only:bad-client-auth");
            return;
        }
        if (fetchingState) {
            stats.reject("read-only:fetching-state");
            return;
        }
        byte[] operation = r.operation().toArray();
        if (!service.isReadOnly(operation)) {
            stats.reject("read-only:not-read-only");
        } else if (highestPrepared <= lastExecuted) {
            answer(r, operation, view, lastExecuted);
        } else if (waiting.size() < waitingMax && waitingBytes + r.operation().length() <= s.batchBytesMax()) {
            waiting.add(new Waiting(r, highestPrepared));
            waitingBytes += r.operation().length();
        } else {
            stats.reject("read-only:too-many-waiting"); // its client orders it after a retransmission period
        }
    }

    /**
     * Execution reached {@code lastExecuted}: answers the reads that waited for it, unless the
     * replica is fetching state ({@code fetchingState}), whose parts are not a state to read. The
     * reads wait in order of what they wait for, since the highest prepared number never falls:
     * only those answered are looked at.
     */
    void executed(long view, long lastExecuted, boolean fetchingState) {
        while (!fetchingState && !waiting.isEmpty() && waiting.peek().after() <= lastExecuted) {
            Request r = waiting.poll().read();
            waitingBytes -= r.operation().length();
            answer(r, r.operation().toArray(), view, lastExecuted);
        }
    }

    private void answer(Request r, byte[] operation, long view, long lastExecuted) {
        var context = new ExecutionContext(s.principalNames().apply(r.client()), r.timestamp(), lastExecuted, true);
        Bytes result = Bytes.wrap(service.execute(context, operation));
        stats.readsExecuted++;
        out.send(r.client(), new Reply(view, r.timestamp(), r.client(), s.self(), result, false, true));
    }
}
