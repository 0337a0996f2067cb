package dev.pbft.replica.core;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Request;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a request or a batch must satisfy before a replica orders or executes it, wherever it comes
 * from (a client, a relaying backup, a PRE-PREPARE, a NEW-VIEW's O, a fetched BatchData): the batch
 * bounds of the config, the digest, every request's client authenticator, and no request twice.
 */
final class BatchRules {
    private final CoreSettings s;
    private final RequestVerifier verifier;
    private final MessageLog log;

    BatchRules(CoreSettings settings, RequestVerifier verifier, MessageLog log) {
        this.s = settings;
        this.verifier = verifier;
        this.log = log;
    }

    /**
     * Why {@code r} may not be ordered at all, or null: its client must be a client of the config,
     * its client authenticator must check, and it must not ask for the read-only path (which is
     * never silently ordered).
     */
    String requestProblem(Request r) {
        String shape = shapeProblem(r);
        if (shape != null) {
            return shape;
        }
        return verifier.verify(r) ? null : "bad-client-auth";
    }

    private String shapeProblem(Request r) {
        if (!s.isClient(r.client())) {
            return "wrong-sender";
        }
        return r.readOnly() ? "read-only-unsupported" : null;
    }

    /**
     * Why {@code batch} may not be ordered at {@code seq} with {@code digest}, or null. With
     * {@code fresh} (a new PRE-PREPARE of the current view) a request the view already gave another
     * sequence number is refused too: a correct primary never does that.
     */
    String problem(long seq, Bytes digest, List<Request> batch, boolean fresh) {
        if (batch.size() > s.batchRequestsMax()) {
            return "batch-too-many-requests";
        }
        long bytes = 0;
        for (Request r : batch) {
            bytes += r.operation().length();
        }
        if (bytes > s.batchBytesMax() && batch.size() > 1) {
            return "batch-too-large";
        }
        if (!BatchDigest.of(batch).equals(digest)) {
            return "bad-digest";
        }
        Set<RequestId> ids = new HashSet<>();
        for (Request r : batch) {
            // The client's authenticator is this replica's to check only in a fresh PRE-PREPARE.
            // Otherwise the digest is one a quorum vouches for, so at least one correct replica
            // checked the requests: a client whose MAC for this replica alone is spoiled must
            // not keep it from executing what the group decided.
            if ((fresh ? requestProblem(r) : shapeProblem(r)) != null) {
                return "bad-request";
            }
            if (!ids.add(RequestId.of(r))) {
                return "request-twice-in-batch";
            }
            Long at = log.orderedAt(r);
            if (fresh && at != null && at != seq) {
                return "request-ordered-twice";
            }
        }
        return null;
    }
}
