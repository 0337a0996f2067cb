package dev.pbft.sim;

/**
 * What one Byzantine replica does, from DESIGN.md section 6. Each faulty replica of a run has
 * exactly one. The behaviours live outside the core: {@link ByzantineOutbox} alters what the
 * replica sends, {@link ByzantineOutbox#admits} filters what it receives, and {@link #TWINS} runs a
 * second core under the same identity.
 */
public enum Behaviour {
    /** Sends nothing at all (as primary: the silent primary). */
    SILENT(Role.ANY),
    /** As primary, never proposes one client's requests: drops them on receipt. */
    IGNORES_ONE_CLIENT(Role.PRIMARY),
    /**
     * As primary, orders what it is sent but never relays a client's request to the backups
     * ({@code request.relay}): each request waits for its client's retransmission to all before
     * f+1 replicas can endorse it.
     */
    DROPS_RELAYS(Role.PRIMARY),
    /**
     * As primary, relays no request and answers no BATCH-FETCH: with separate request transmission
     * ({@code request.separate.bytes.min}) or relayed requests by digest ({@code request.relayed.digests})
     * its backups get PRE-PREPAREs naming requests by digest whose bodies only the clients can give them.
     */
    HIDES_BODIES(Role.PRIMARY),
    /** As primary, sends half the backups a different valid batch (digest recomputed) for one (v, seq). */
    EQUIVOCATES(Role.PRIMARY),
    /** As primary, adds a request of its previous batch to the next one: one request, two sequence numbers. */
    ORDERS_TWICE(Role.PRIMARY),
    /** As primary, sends each PRE-PREPARE to only some backups (a fixed subset per run). */
    PRE_PREPARES_TO_SOME(Role.PRIMARY),
    /** As primary, holds each PRE-PREPARE back for just under the request timeout. */
    SLOW_PRIMARY(Role.PRIMARY),
    /** As primary, shifts sequence numbers above the window (just above, or far above). */
    SEQ_OUTSIDE_WINDOW(Role.PRIMARY),
    /** As a new primary, sends NEW-VIEW with one pre-prepare of O altered, the rest intact. */
    WRONG_NEW_VIEW(Role.NEXT_PRIMARY),
    /** PREPAREs and COMMITs with the right digest to half the replicas, a made-up one to the others. */
    CONFLICTING_VOTES(Role.BACKUP),
    /** Every PREPARE and COMMIT carries a made-up digest. */
    WRONG_DIGEST_VOTES(Role.BACKUP),
    /** Every CHECKPOINT carries a made-up state digest. */
    WRONG_CHECKPOINT(Role.BACKUP),
    /** VIEW-CHANGEs claim a prepared batch that was never pre-prepared (and a fake checkpoint), re-signed with its own key. */
    FORGED_VIEW_CHANGE(Role.BACKUP),
    /** VIEW-CHANGEs with a broken signature. */
    BAD_SIGNATURE_VIEW_CHANGE(Role.BACKUP),
    /** With every message, junk COMMITs for sequence numbers above the window, to every replica. */
    FLOODS_COMMITS(Role.BACKUP),
    /**
     * Replies to clients carry an altered result. A backup: the primary is never a designated
     * replier ({@code reply.designated}), so it could only spoil retransmissions' replies.
     */
    WRONG_REPLIES(Role.BACKUP),
    /** Sends clients no reply at all, and does all else correctly: a designated replier that withholds. */
    WITHHOLDS_REPLIES(Role.BACKUP),
    /** Answers BatchFetch and StateRequest with altered bytes under the genuine digest. */
    WRONG_FETCH_ANSWERS(Role.ANY),
    /** Re-sends each message twice and replays old ones at random later. */
    REPLAYS(Role.ANY),
    /** Two cores with one identity and one key set, each fed (independently delayed) copies of its messages. */
    TWINS(Role.ANY);

    /** Which replica the scenario makes faulty for this behaviour to matter. */
    enum Role {
        /** The primary of view 0. */
        PRIMARY,
        /** The primary of view 1; the scenario also provokes a view change. */
        NEXT_PRIMARY,
        /** A backup of view 0; the scenario provokes a view change for the view-change forgeries. */
        BACKUP,
        /** Any replica. */
        ANY
    }

    final Role role;

    Behaviour(Role role) {
        this.role = role;
    }

    /** Whether the behaviour only shows when views change, so the scenario must provoke one. */
    boolean needsViewChange() {
        return this == WRONG_NEW_VIEW || this == FORGED_VIEW_CHANGE || this == BAD_SIGNATURE_VIEW_CHANGE;
    }
}
