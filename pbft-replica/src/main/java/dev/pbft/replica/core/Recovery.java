package dev.pbft.replica.core;

import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Status;
import dev.pbft.protocol.message.ViewChange;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Message recovery through status messages (TOCS 2002, section 5.2). A replica that waits for
 * something and makes no progress for a status period tells its peers where it stands; each peer
 * answers with its own messages the replica lacks: checkpoints above its stable one, its
 * VIEW-CHANGE and the NEW-VIEW if the replica is behind in views, its pre-prepares, prepares and
 * commits for slots the replica has not executed. A peer only ever re-sends what it sent before,
 * and answers each replica at most once per half period, so a flood of statuses costs it little.
 */
final class Recovery {
    /** An idle replica sends a status every this many status periods. */
    static final int IDLE_STATUS_PERIODS = 10;

    /** Where this replica stands, as the router sees it at the moment of the call. */
    record Position(long view, boolean active, long lastExecuted, long now) {
    }

    private final CoreSettings s;
    private final Outbox out;
    private final MessageLog log;
    private final Checkpoints checkpoints;
    private final ViewChanges viewChanges;
    private final int[] others;
    private final long[] answeredAt;
    private long lastStatusTick;

    Recovery(CoreSettings settings, Outbox out, MessageLog log, Checkpoints checkpoints, ViewChanges viewChanges,
             int[] others) {
        this.s = settings;
        this.out = out;
        this.log = log;
        this.checkpoints = checkpoints;
        this.viewChanges = viewChanges;
        this.others = others;
        this.answeredAt = new long[settings.n()];
        Arrays.fill(answeredAt, Long.MIN_VALUE / 2);
    }

    /**
     * Whether a status is due: a status period without execution, and a period since the last one
     * while {@code waiting}; ten periods while idle, so a replica cut off while the others moved on
     * still learns that it is behind.
     */
    boolean due(long now, long lastExecutionTick, BooleanSupplier waiting) {
        long period = s.timeouts().statusTicks();
        long since = now - lastStatusTick;
        // Checked last: whether it waits costs a walk over the window, and under load it executes.
        return now - lastExecutionTick >= period && since >= period
                && (since >= IDLE_STATUS_PERIODS * period || waiting.getAsBoolean());
    }

    void send(Position p) {
        lastStatusTick = p.now();
        out.multicast(others, new Status(p.view(), !p.active(), log.low(), p.lastExecuted(), s.self()));
    }

    void onStatus(int from, Status st, Position p) {
        if (st.replica() != from || p.now() - answeredAt[from] < Math.max(1, s.timeouts().statusTicks() / 2)) {
            return;
        }
        answeredAt[from] = p.now();
        for (Checkpoint c : checkpoints.ownAbove(st.stableSeq(), s.self())) {
            out.send(from, c);
        }
        if (st.view() < p.view() || (st.view() == p.view() && st.viewChanging())) {
            ViewChange own = viewChanges.own();
            if (own != null && own.newView() == p.view()) {
                out.send(from, own); // with f others it lets a replica left behind join
            }
            resendNewView(from, st.view(), p);
        }
        if (st.view() == p.view() && p.active() && !st.viewChanging()) {
            resendAgreement(from, st.lastExecuted(), p.view());
        }
    }

    /** The new primary re-sends its NEW-VIEW to a replica that has not installed the view. */
    void resendNewView(int to, long theirView, Position p) {
        var nv = viewChanges.newView();
        if (p.active() && s.primary(p.view()) == s.self() && nv != null && nv.view() == p.view() && theirView <= p.view()) {
            out.send(to, nv);
        }
    }

    /** Re-sends this replica's own agreement messages for the slots {@code to} has not executed. */
    private void resendAgreement(int to, long theirLastExecuted, long view) {
        boolean primary = s.primary(view) == s.self();
        for (Slot slot : log.slots()) {
            if (slot.seq <= theirLastExecuted || slot.prePrepare == null || slot.view != view) {
                continue;
            }
            if (primary) {
                out.send(to, slot.prePrepare);
            } else if (slot.sentPrepare) {
                out.send(to, new Prepare(view, slot.seq, slot.digest(), s.self()));
            }
            if (slot.prepared) {
                out.send(to, new Commit(view, slot.seq, slot.digest(), s.self()));
            }
        }
    }
}
