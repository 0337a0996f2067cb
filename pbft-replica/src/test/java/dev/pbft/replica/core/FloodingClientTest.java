package dev.pbft.replica.core;

import static dev.pbft.replica.core.CoreHarness.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.message.Request;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Clients that send far more than a correct one: fresh requests beyond their window, and copies of
 * requests already answered. The harness has W = 8 and a status period of 20 ticks, so a client's
 * budget is 16 such messages per period.
 */
class FloodingClientTest {
    private static final int FLOODER = 5;
    private static final int BUDGET = 16;

    @Test
    void aClientFloodingBeyondItsWindowIsIgnoredUncheckedForTheRestOfThePeriodAndTheRuntimeTold() {
        AtomicInteger checks = new AtomicInteger();
        CoreHarness h = CoreHarness.withVerifiers(4, 1, replica -> r -> replica != 1 || checks.incrementAndGet() > 0);
        for (int t = 1; t <= 100; t++) {
            h.sendOnly(1, FLOODER, put(FLOODER, t, "k", "flood " + t));
        }
        ReplicaCore backup = h.cores.get(1);
        assertEquals(8 + BUDGET + 1, checks.get(), "the window, the budget, and the copy that used it up");
        assertEquals(BUDGET + 1, backup.stats().rejected("request:client-over-window"));
        assertEquals(100 - 8 - BUDGET, backup.stats().rejected("request:client-over-budget"));
        assertEquals(100 - 8 - BUDGET, h.overBudget.size(), "the runtime is told of every copy ignored");
        assertTrue(h.overBudget.stream().allMatch(e -> e.equals(new CoreHarness.Envelope(1, FLOODER, null))));

        h.tick(20); // the next status period: a fresh budget
        h.sendOnly(1, FLOODER, put(FLOODER, 101, "k", "flood 101"));
        assertEquals(8 + BUDGET + 2, checks.get(), "checked again");
    }

    @Test
    void aClientReplayingAnAnsweredRequestGetsItsBudgetOfRepliesPerPeriodNotOnePerCopy() {
        CoreHarness h = new CoreHarness(4, 1);
        Request once = put(FLOODER, 1, "k", "v");
        h.submit(0, FLOODER, once);
        h.deliverAll();
        assertEquals(4, h.replies(FLOODER, 1).size());
        for (int i = 0; i < 1_000; i++) {
            h.sendOnly(2, FLOODER, once);
        }
        assertEquals(4 + BUDGET, h.replies(FLOODER, 1).size());
        assertEquals(1_000 - BUDGET, h.cores.get(2).stats().rejected("request:client-over-budget"));
        h.tick(20);
        h.sendOnly(2, FLOODER, once);
        assertEquals(4 + BUDGET + 1, h.replies(FLOODER, 1).size(), "a retransmission a period later is answered");
    }

    @Test
    void aCorrectClientRetransmittingItsWholeWindowStaysWithinItsBudget() {
        CoreHarness h = new CoreHarness(4, 1);
        for (int t = 1; t <= 8; t++) {
            h.submit(0, FLOODER, put(FLOODER, t, "k" + t, "v"));
        }
        h.deliverAll();
        for (int round = 0; round < 2; round++) { // twice in one period: a retransmission timer below it
            for (int t = 1; t <= 8; t++) {
                h.submit(0, FLOODER, put(FLOODER, t, "k" + t, "v"));
            }
        }
        assertTrue(h.overBudget.isEmpty());
        for (int t = 1; t <= 8; t++) {
            assertEquals(4 * 3, h.replies(FLOODER, t).size(), "every copy answered by every replica, request " + t);
        }
    }

    @ParameterizedTest(name = "the primary alone holds requests {0}-{1}")
    @CsvSource({"1, 8", "17, 24"})
    void aClientSendingThePrimaryOtherRequestsThanTheBackupsCannotDeposeIt(int fromTimestamp, int toTimestamp) {
        // The primary's window is full of requests nobody else holds (so nobody else endorses them),
        // older or newer than the 2f+1 endorsed requests the backups hold. The primary must make
        // room for the endorsed ones the backups pass on, or their pace timers depose it.
        CoreHarness h = new CoreHarness(4, 1);
        for (int t = fromTimestamp; t <= toTimestamp; t++) {
            h.sendOnly(0, FLOODER, put(FLOODER, t, "k", "for the primary only " + t));
        }
        for (int t = 9; t <= 16; t++) {
            for (int backup = 1; backup <= 3; backup++) {
                h.sendOnly(backup, FLOODER, put(FLOODER, t, "k", "for the backups " + t));
            }
        }
        h.submit(0, 4, put(4, 1, "j", "a correct client's"));
        for (int i = 0; i < 100; i++) {
            h.deliverAll();
            h.tick(2);
        }
        for (ReplicaCore core : h.cores) {
            assertEquals(0, core.view(), "no view change");
            assertEquals(0, core.stats().viewChangesStarted());
        }
        for (int t = 9; t <= 16; t++) {
            assertEquals(4, h.replies(FLOODER, t).size(), "request " + t + " executed everywhere");
        }
        assertEquals(4, h.replies(4, 1).size());
    }
}
