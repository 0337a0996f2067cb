package dev.pbft.replica.core;

import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import java.util.List;

/** Rebuilding a restarted replica's message log from its journal. */
final class JournalReplay {
    private JournalReplay() {
    }

    /**
     * Puts one journal entry back into the message log of a restarted replica in {@code view}:
     * accepted pre-prepares into the Q history (and, in the current view, as the slot's accepted
     * pre-prepare, so a different one is refused), prepared digests into P (and, in the current
     * view, as prepared), executed batches as decided. Returns the sequence number after the one a
     * pre-prepare of the current view took, or 0: the primary must not hand it out again.
     */
    static long restore(MessageLog log, JournalEntry e, long view, int self, boolean primary, long lastExecuted) {
        if (e instanceof JournalEntry.Accepted a) {
            PrePrepare pp = a.prePrepare();
            Slot slot = log.slot(pp.seq(), view);
            slot.notePrePrepared(pp.digest(), pp.view(), pp.batch());
            slot.journaled.add(pp.digest());
            if (pp.view() == view && slot.prePrepare == null) {
                slot.prePrepare = pp;
                slot.prepares.put(self, pp.digest());
                slot.sentPrepare = !primary;
                log.noteOrdered(slot);
                return pp.seq() + 1;
            }
        } else if (e instanceof JournalEntry.Prepared p) {
            log.notePrepared(p.seq()); // it sent a COMMIT for it, in whichever view
            Slot slot = log.slot(p.seq(), view);
            if (p.view() >= slot.preparedView) {
                slot.preparedDigest = p.digest();
                slot.preparedView = p.view();
            }
            if (p.view() == view && p.digest().equals(slot.digest())) {
                slot.prepared = true;
                slot.commits.put(self, p.digest());
            }
        } else if (e instanceof JournalEntry.Executed x && x.seq() > lastExecuted) {
            Slot slot = log.slot(x.seq(), view);
            List<Request> batch = x.batch() != null ? x.batch() : slot.batch(x.digest());
            if (batch != null) {
                slot.decide(x.digest(), batch);
            }
        }
        return 0;
    }
}
