package dev.pbft.replica.core;

import dev.pbft.protocol.BatchDigest;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Request;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a request or a batch must satisfy before a replica orders or executes it, wherever it comes
 * from (a client, a relaying backup, a PRE-PREPARE, a NEW-VIEW's O, a fetched BatchData): the batch
 * bounds of the config, the digest, every request's client authenticator, and no request twice.
 */
final class BatchRules {
    /** The problem of a fresh batch holding a request whose client MAC for this replica does not check. */
    static final String UNCHECKED = "unchecked-client-auth";
    /** The problem of a request whose client MAC for this replica does not check. */
    static final String BAD_CLIENT_AUTH = "bad-client-auth";

    private final CoreSettings s;
    private final RequestVerifier verifier;
    private final MessageLog log;
    private final Predicate<Request> checkedBefore;
    private final Predicate<Request> vouched;

    /**
     * @param checkedBefore whether this replica already holds a request with the same content whose
     *                      client MAC it checked (it received it straight from the client), so a
     *                      copy carrying another authenticator needs no check of its own
     * @param vouched       whether f+1 replicas endorse a request this replica cannot check
     */
    BatchRules(CoreSettings settings, RequestVerifier verifier, MessageLog log, Predicate<Request> checkedBefore,
               Predicate<Request> vouched) {
        this.s = settings;
        this.verifier = verifier;
        this.log = log;
        this.checkedBefore = checkedBefore;
        this.vouched = vouched;
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
        return verifier.verify(r) ? null : BAD_CLIENT_AUTH;
    }

    /** Whether {@code r}'s client authenticator checks for this replica. */
    boolean clientAuthChecks(Request r) {
        return verifier.verify(r);
    }

    /** Whether f+1 replicas endorse {@code r}, so it may be taken without this replica's own check. */
    boolean vouched(Request r) {
        return vouched.test(r);
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
     * sequence number is refused too: a correct primary never does that; and a request whose client
     * MAC this replica cannot check, and f+1 replicas do not endorse, gives {@link #UNCHECKED}: a
     * problem that f matching PREPAREs or later endorsements lift (see {@link Agreement}).
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
        String unchecked = null;
        for (Request r : batch) {
            // The client's authenticator is this replica's to check only in a fresh PRE-PREPARE.
            // Otherwise the digest is one a quorum vouches for, so at least one correct replica
            // checked the requests: a client whose MAC for this replica alone is spoiled must
            // not keep it from executing what the group decided.
            if (shapeProblem(r) != null) {
                return "bad-request";
            }
            if (fresh && unchecked == null && !checkedBefore.test(r) && !verifier.verify(r) && !vouched.test(r)) {
                unchecked = UNCHECKED;
            }
            if (!ids.add(RequestId.of(r))) {
                return "request-twice-in-batch";
            }
            Long at = log.orderedAt(r);
            if (fresh && at != null && at != seq) {
                return "request-ordered-twice";
            }
        }
        return unchecked;
    }
}
