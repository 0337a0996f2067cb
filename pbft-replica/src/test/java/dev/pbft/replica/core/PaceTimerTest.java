package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PaceTimerTest {
    /** Ticks until the timer fires for a request waiting since tick 0, with {@code inFlight} batches proposed. */
    private static int ticksToFire(PaceTimer pace, long inFlight) {
        pace.proposed(100 + inFlight);
        for (int tick = 1; tick <= 1_000; tick++) {
            if (pace.tick(0, 100)) {
                return tick;
            }
        }
        return -1;
    }

    @Test
    void aRequestWaitingWhileThePipelineHasRoomFiresAfterTheLimit() {
        assertEquals(11, ticksToFire(new PaceTimer(10, 8), 3));
    }

    @Test
    void whileThePipelineIsFullTheGroupIsBusyAndATickCountsAQuarter() {
        assertEquals(41, ticksToFire(new PaceTimer(10, 8), 8));
    }

    @Test
    void anotherOldestRequestStartsTheCountAfreshAndNoneWaitingStopsIt() {
        PaceTimer pace = new PaceTimer(10, 8);
        for (int tick = 0; tick < 10; tick++) {
            assertFalse(pace.tick(0, 0));
        }
        assertFalse(pace.tick(5, 0), "the first was proposed; the next oldest started at tick 5");
        assertEquals(5, pace.measuring());
        for (int tick = 0; tick < 9; tick++) {
            assertFalse(pace.tick(5, 0));
        }
        assertTrue(pace.tick(5, 0));
        assertFalse(pace.tick(-1, 0));
        assertEquals(-1, pace.measuring());
    }
}
