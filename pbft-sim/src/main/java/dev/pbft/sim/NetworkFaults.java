package dev.pbft.sim;

import java.util.List;
import java.util.Random;
import java.util.SortedSet;

/**
 * The network's misbehaviour on every link (replica to replica as well as client links) during the
 * fault phase: loss, duplicates, delays that reorder, and partitions that heal, possibly one-way.
 * From {@code faultPhaseEnds} on the network heals: nothing is lost or partitioned any more, so the
 * liveness phase starts (delays and duplicates stay: they are normal, not faults).
 *
 * @param lossPercent      chance a message is lost, during the fault phase
 * @param duplicatePercent chance a message is delivered twice
 * @param maxDelayTicks    delay is uniform in 1..maxDelayTicks
 * @param partitions       cuts between a set of replicas and everyone else, each for a while
 * @param faultPhaseEnds   the tick the network heals
 */
public record NetworkFaults(int lossPercent, int duplicatePercent, int maxDelayTicks, List<Partition> partitions,
                            long faultPhaseEnds) {
    public NetworkFaults {
        partitions = List.copyOf(partitions);
        if (maxDelayTicks < 1) {
            throw new IllegalArgumentException("delays are at least one tick");
        }
    }

    /** A quiet network: short delays, nothing lost, duplicated or cut. */
    public static NetworkFaults none(int maxDelayTicks) {
        return new NetworkFaults(0, 0, maxDelayTicks, List.of(), 0);
    }

    /**
     * Replicas in {@code side} cannot reach anyone outside it (clients included) during
     * [{@code from}, {@code until}); if {@code oneWay}, only messages leaving {@code side} are cut.
     */
    public record Partition(SortedSet<Integer> side, long from, long until, boolean oneWay) {
        boolean cuts(int sender, int receiver, long now) {
            if (now < from || now >= until || side.contains(sender) == side.contains(receiver)) {
                return false;
            }
            return !oneWay || side.contains(sender);
        }

        @Override
        public String toString() {
            return side + (oneWay ? " -/-> rest " : " <-/-> rest ") + from + ".." + until;
        }
    }

    /** Whether a message sent now from {@code sender} to {@code receiver} is lost. */
    boolean lost(int sender, int receiver, long now, Random random) {
        if (now >= faultPhaseEnds) {
            return false;
        }
        for (Partition p : partitions) {
            if (p.cuts(sender, receiver, now)) {
                return true;
            }
        }
        return random.nextInt(100) < lossPercent;
    }

    boolean duplicated(Random random) {
        return random.nextInt(100) < duplicatePercent;
    }

    long delay(Random random) {
        return 1 + random.nextInt(maxDelayTicks);
    }

    @Override
    public String toString() {
        return "until tick " + faultPhaseEnds + ": loss " + lossPercent + "%, duplicates " + duplicatePercent
                + "%, delay 1.." + maxDelayTicks + ", partitions " + partitions;
    }
}
