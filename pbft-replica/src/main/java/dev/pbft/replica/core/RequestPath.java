package dev.pbft.replica.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Endorsement;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import java.util.List;

/**
 * The way of a client request into the log (sections 4.1 and 4.4 of the paper, exactly-once per
 * client timestamp): the client's budget, the checks, the cached reply of a retransmission, the
 * endorsements that f+1 replicas exchange before the primary may order it, the primary's queue, and
 * the two timers that watch the primary's handling of it (the request timer and the pace timer).
 * Part of {@link ReplicaCore}, on its thread; it reads where the replica stands through
 * {@link Standing} and changes nothing of it.
 */
final class RequestPath {
    /** Where the replica stands, as the router knows it at the moment of a call. */
    interface Standing {
        long now();

        long view();

        /** Whether the replica works in {@link #view()}, rather than waiting for its NEW-VIEW. */
        boolean active();
    }

    private final CoreSettings s;
    private final Outbox out;
    private final CoreStats stats;
    private final Standing at;
    private final MessageLog log;
    private final ClientTable clients;
    private final RequestIntake intake;
    private final Endorsements endorsements;
    private final BatchRules rules;
    private final int[] others;
    private final ClientBudget budget;
    private final PaceTimer pace;

    RequestPath(CoreSettings settings, Outbox out, CoreStats stats, Standing at, MessageLog log, ClientTable clients,
                RequestIntake intake, Endorsements endorsements, BatchRules rules, int[] others) {
        this.s = settings;
        this.out = out;
        this.stats = stats;
        this.at = at;
        this.log = log;
        this.clients = clients;
        this.intake = intake;
        this.endorsements = endorsements;
        this.rules = rules;
        this.others = others;
        this.budget = new ClientBudget(2 * settings.clientWindow(), settings.timeouts().statusTicks());
        // Longer than the pass-on of requests (at most two status periods), which is how a primary
        // that refused a request while its client had W others waiting gets it again.
        this.pace = new PaceTimer(Math.max(3 * settings.timeouts().statusTicks(), settings.timeouts().requestTicks() / 8),
                settings.pipelineBatchesMax());
    }

    private boolean isPrimary() {
        return s.primary(at.view()) == s.self();
    }

    void onRequest(int from, Request r) {
        long now = at.now();
        if (from == r.client() && budget.isOver(r.client(), now)) {
            stats.reject("request:client-over-budget"); // not even its MAC is checked
            out.clientOverBudget(r.client()); // its connection was read again before the period ended
            return;
        }
        String problem = from != r.client() && !isReplica(from) ? "wrong-sender" : rules.requestProblem(r);
        boolean checked = problem == null;
        if (problem != null) {
            stats.reject("request:" + problem);
            // Held all the same if its client sent it (the client harms only itself) or f+1
            // replicas vouch for it: a request the backups can check but the primary cannot
            // must still be ordered, or it would depose a correct primary.
            if (!spend(from, r) || !BatchRules.BAD_CLIENT_AUTH.equals(problem)
                    || (from != r.client() && !rules.vouched(r))) {
                return;
            }
        }
        Bytes cached = clients.cachedResult(r.client(), r.timestamp(), r.operation());
        if (cached != null) {
            // A retransmission: the client lost our reply, or has not heard f+1 yet.
            if (spend(from, r)) {
                out.send(r.client(), new Reply(at.view(), r.timestamp(), r.client(), s.self(), cached));
            }
            return;
        }
        if (clients.executedOther(r.client(), r.timestamp(), r.operation())) {
            stats.reject("request:timestamp-reused"); // the first operation's result would be a lie
            spend(from, r);
            return;
        }
        if (clients.isDone(r.client(), r.timestamp())) {
            spend(from, r);
            return;
        }
        RequestId id = RequestId.of(r);
        // An ordered request is known all the same: its timer must run until it executes (a batch a
        // restart left prepared nowhere ends in a view change).
        boolean known = intake.knows(id);
        if (!intake.know(r, now, checked, rules::vouched)) {
            stats.reject("request:client-over-window");
            spend(from, r); // also when this replica is behind: it serves nobody until it caught up
            return;
        }
        if (!known && checked) {
            endorsements.own(s.self(), id, intake.digest(id));
            if (s.relay() && from == r.client() && !s.separates(r)) {
                // The client sent it to this replica alone (request.relay): the others need it to endorse it.
                // A large one it sent to every replica (request.separate.bytes.min).
                out.multicast(others, r);
                intake.sentToAll(r);
            }
        } else if (from != r.client()) {
            // Passed on by a replica that still lacks f+1 endorsements: ours may have been lost.
            endorsements.resend(s.self(), id, intake.digest(id));
        } else if (at.active() && !isPrimary() && intake.relayDue(r, now, s.timeouts().statusTicks())) {
            // The client sends again: it could not get it ordered through the primary (section 4.4).
            out.send(s.primary(at.view()), r);
        }
        admitIfEndorsed(id);
    }

    /**
     * Charges a copy of {@code r} that its client sent and that asks for work beyond ordering its
     * window (see {@link ClientBudget}); false if the client is over its budget, so the copy gets
     * nothing, and the runtime is told, so it may stop reading the client.
     */
    boolean spend(int from, Request r) {
        if (from != r.client()) {
            return true;
        }
        if (budget.charge(r.client(), at.now())) {
            return true;
        }
        stats.reject("request:client-over-budget");
        out.clientOverBudget(r.client());
        return false;
    }

    /** Takes another replica's endorsements; false if the message was refused whole. */
    boolean onEndorsement(int from, Endorsement e) {
        if (e.replica() != from || !s.endorse()) {
            stats.reject(s.endorse() ? "endorsement:wrong-sender" : "endorsement:not-in-use");
            return false;
        }
        for (Endorsement.Entry entry : e.requests()) {
            RequestId id = new RequestId(entry.client(), entry.timestamp());
            if (!s.isClient(entry.client()) || clients.isDone(entry.client(), entry.timestamp())) {
                continue;
            }
            if (endorsements.add(from, id, entry.digest())) {
                admitIfEndorsed(id);
            } else {
                stats.reject("endorsement:client-over-window");
            }
        }
        return true;
    }

    /**
     * Once a known request is endorsed by f+1 replicas its timer starts, and the primary queues it
     * for ordering; until then neither, so a request only f replicas can check holds up nobody.
     */
    void admitIfEndorsed(RequestId id) {
        Bytes digest = intake.digest(id);
        if (digest == null || !endorsements.endorsed(id, digest)) {
            return;
        }
        intake.time(id, at.now()); // also if ordered: a batch that never commits must end in a view change
        if (log.isOrdered(id)) {
            intake.proposed(id, at.now());
        } else if (at.active() && isPrimary()) {
            intake.enqueue(intake.request(id));
        }
    }

    /** Sends this replica's endorsements of the burst to every other replica. */
    void sendEndorsements() {
        for (Endorsement e : endorsements.drain(s.self(), s.batchRequestsMax())) {
            if (s.endorse()) {
                out.multicast(others, e);
            }
        }
    }

    /**
     * Passes on, with this replica's endorsement, each request it checked that has been neither
     * ordered nor passed on for a status period (see {@link RequestIntake#passOnDue}).
     */
    void passOnForgotten() {
        for (Request r : intake.passOnDue(at.now(), s.timeouts().statusTicks(), log::isOrdered)) {
            endorsements.resend(s.self(), RequestId.of(r), intake.digest(RequestId.of(r)));
            out.multicast(others, r);
            intake.sentToAll(r);
        }
    }

    /** {@code pp} with the requests this replica holds already as the instances it holds. */
    PrePrepare interned(PrePrepare pp) {
        List<Request> batch = intake.interned(pp.batch());
        return batch == pp.batch() ? pp : new PrePrepare(pp.view(), pp.seq(), pp.digest(), batch);
    }

    /** A PRE-PREPARE of the current view, accepted: its requests are ordered, and their timers run. */
    void ordered(PrePrepare pp) {
        pace.proposed(pp.seq());
        for (Request r : pp.batch()) {
            if (intake.know(r, at.now(), true, any -> true)) { // ordered: it has room
                intake.time(RequestId.of(r), at.now()); // a backup's timer also runs for requests it saw ordered
                intake.proposed(RequestId.of(r), at.now());
            }
        }
    }

    /** A new view starts with {@code seq} its highest proposed sequence number. */
    void proposedUpTo(long seq) {
        pace.proposed(seq);
    }

    /**
     * The primary left an endorsed request out of every PRE-PREPARE for an eighth of the request
     * timeout (at least three status periods) while its pipeline had room (see {@link PaceTimer}).
     * Only with endorsements: without them a backup sees requests in PRE-PREPAREs only. The caller
     * does not ask while it knows it is behind: what looks unproposed may be in PRE-PREPAREs it has
     * not read yet.
     */
    boolean paceTimerExpired(long lastExecuted) {
        if (!s.endorse() || !pace.tick(intake.oldestUnproposedSince(), lastExecuted)) {
            return false;
        }
        intake.purge(r -> clients.isDone(r.client(), r.timestamp())); // those the client moved W past
        return intake.oldestUnproposedSince() == pace.measuring();
    }

    /** Whether a request has waited {@code timeoutTicks} to execute. */
    boolean requestTimerExpired(long timeoutTicks) {
        // Requests that completed another way (state transfer, or too old to run) hold no timer.
        return intake.waitedAtLeast(at.now() - timeoutTicks, r -> clients.isDone(r.client(), r.timestamp()));
    }

    /** The primary's next batch from its queue: each client queued gets an equal share. */
    List<Request> cutBatch() {
        return intake.cutBatch(s.batchRequestsMax(), s.batchBytesMax(),
                r -> clients.isDone(r.client(), r.timestamp()) || log.isOrdered(RequestId.of(r)));
    }

    private boolean isReplica(int principal) {
        return principal >= 0 && principal < s.n();
    }
}
