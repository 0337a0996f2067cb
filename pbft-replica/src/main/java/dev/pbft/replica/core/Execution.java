package dev.pbft.replica.core;

import dev.pbft.crypto.Digests;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.Service;
import java.util.List;

/**
 * Applies committed batches to the service in sequence order, at most once per request, and
 * answers the clients. A request that appears twice in the log (a retransmission ordered twice, or
 * a faulty primary's doing) runs once; the second time its cached result is sent again. A request
 * that reuses an executed timestamp for another operation is neither run nor answered, and counted.
 * Only the replicas {@link CoreSettings#answers} names answer.
 */
final class Execution {
    private final CoreSettings s;
    private final Service service;
    private final ClientTable clients;
    private final Outbox out;
    private final CoreStats stats;

    Execution(CoreSettings settings, Service service, ClientTable clients, Outbox out, CoreStats stats) {
        this.s = settings;
        this.service = service;
        this.clients = clients;
        this.out = out;
        this.stats = stats;
    }

    void execute(long seq, Bytes digest, List<Request> batch, long view) {
        out.executing(seq);
        for (Request r : batch) {
            Bytes result;
            if (clients.isDone(r.client(), r.timestamp())) {
                result = clients.cachedResult(r.client(), r.timestamp(), r.operation());
                if (result == null) {
                    // Too old to have a kept result (the client gave up on it long ago), or the
                    // timestamp answered another operation: the other one's result would be a lie.
                    if (clients.executedOther(r.client(), r.timestamp(), r.operation())) {
                        stats.reject("request:timestamp-reused");
                    }
                    continue;
                }
            } else {
                var context = new ExecutionContext(s.principalNames().apply(r.client()), r.timestamp(), seq);
                result = Bytes.wrap(service.execute(context, r.operation().toArray()));
                clients.recordExecuted(r.client(), r.timestamp(), r.operation(), result);
                stats.requestsExecuted++;
            }
            if (s.answers(r, view)) {
                boolean whole = s.answersWhole(r, view);
                Bytes answer = whole ? result : Bytes.wrap(Digests.sha256(result.backingArray()));
                out.send(r.client(), new Reply(view, r.timestamp(), r.client(), s.self(), answer, !whole));
            }
        }
        stats.batchesExecuted++;
        out.executed(seq, digest, batch);
    }
}
