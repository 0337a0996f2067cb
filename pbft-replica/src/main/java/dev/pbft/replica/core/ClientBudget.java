package dev.pbft.replica.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Per client, how much it sent in the current status period that asks the replica for work beyond
 * ordering its window: requests over its window, copies of requests it already had answered,
 * requests that fail the checks. A correct client keeps at most W requests open and re-sends each
 * at most once per retransmission period, so it stays within 2W per period (W when it retransmits
 * less often than once per period); a client over that budget is flooding. The replica then stops
 * answering its copies for the rest of the period, and its runtime may stop reading its connection.
 * Bounded: one counter per client that sent something this period.
 */
final class ClientBudget {
    private final int perPeriodMax;
    private final long periodTicks;
    private final Map<Integer, Integer> spent = new HashMap<>();
    private long periodStart;

    /** @param perPeriodMax excess messages a client may send per period of {@code periodTicks} */
    ClientBudget(int perPeriodMax, long periodTicks) {
        this.perPeriodMax = perPeriodMax;
        this.periodTicks = periodTicks;
    }

    /** Whether {@code client} used its budget up in the period of tick {@code now}. */
    boolean isOver(int client, long now) {
        roll(now);
        return spent.getOrDefault(client, 0) > perPeriodMax;
    }

    /** Charges one excess message of {@code client} at tick {@code now}; false if it is over the budget. */
    boolean charge(int client, long now) {
        roll(now);
        return spent.merge(client, 1, Integer::sum) <= perPeriodMax;
    }

    private void roll(long now) {
        if (now - periodStart >= periodTicks) {
            spent.clear();
            periodStart = now - (now - periodStart) % periodTicks;
        }
    }
}
