package dev.pbft.replica.core;

/**
 * A backup's measure of its primary's pace: how long the oldest endorsed request has waited for a
 * PRE-PREPARE to carry it. A correct primary proposes what f+1 replicas endorsed within
 * milliseconds, or as soon as its pipeline has room; one that makes the request wait longer than the
 * limit is too slow, even if it orders each batch just before the request timer would fire.
 *
 * <p>The wait counts in full only while the primary's pipeline, as this backup sees it, has room
 * (fewer batches proposed and not executed here than {@code pipeline.batches.max}). While it is
 * full the group is busy executing, not the primary idle: such a tick counts a quarter, so a
 * saturated group (a cold start, large requests) does not depose one correct primary after another,
 * while a primary that keeps its pipeline full but leaves one client out is still replaced within
 * four limits, well before the request timeout.
 */
final class PaceTimer {
    private static final int FULL = 4;
    private final long limitTicks;
    private final int pipelineMax;
    private long highestProposed;
    private long oldestSince = -1;
    private long charged;

    /** @param limitTicks how long the oldest endorsed request may wait while the pipeline has room */
    PaceTimer(long limitTicks, int pipelineMax) {
        this.limitTicks = limitTicks;
        this.pipelineMax = pipelineMax;
    }

    /** A PRE-PREPARE (or a NEW-VIEW's O) of the current view proposed {@code seq}. */
    void proposed(long seq) {
        highestProposed = Math.max(highestProposed, seq);
    }

    /**
     * One tick with {@code oldestUnproposedSince} (the tick the oldest waiting endorsed request's
     * timer started, or -1 if none waits) and this replica's last executed sequence number: whether
     * that request has now waited too long. Another oldest request starts the count afresh.
     */
    boolean tick(long oldestUnproposedSince, long lastExecuted) {
        if (oldestUnproposedSince != oldestSince) {
            oldestSince = oldestUnproposedSince;
            charged = 0;
        }
        if (oldestUnproposedSince < 0) {
            return false;
        }
        charged += highestProposed - lastExecuted < pipelineMax ? FULL : 1;
        return charged > FULL * limitTicks;
    }

    /** The tick the request being measured started waiting, or -1. */
    long measuring() {
        return oldestSince;
    }
}
