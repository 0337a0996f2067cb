package dev.pbft.sim;

import dev.pbft.protocol.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Safety checked as the run goes (TigerBeetle's state checker): every time a correct replica
 * executes a batch or takes a checkpoint, what it did is compared with what the first correct
 * replica did at that sequence number. A disagreement is recorded with its tick the moment it
 * happens, as are broken core invariants and a correct replica finding its own state corrupt.
 * Faulty replicas never report here.
 */
final class SafetyMonitor {
    private static final int KEPT = 20;

    private record First(int replica, Bytes digest, long tick) {
    }

    private final Map<Long, First> batches = new HashMap<>();
    private final Map<Long, First> states = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private int count;

    /** Correct replica {@code replica} executed {@code digest} at {@code seq}, at tick {@code now}. */
    void executed(int replica, long seq, Bytes digest, long now) {
        compare(batches, "agreement", "executed batch", replica, seq, digest, now);
    }

    /** Correct replica {@code replica}'s state after {@code seq} has {@code digest}. */
    void checkpointTaken(int replica, long seq, Bytes digest, long now) {
        compare(states, "agreement", "state digest at checkpoint", replica, seq, digest, now);
    }

    void stateDiverged(int replica, long seq, long now) {
        record("agreement: at tick " + now + " correct replica " + replica + " found its own state at checkpoint " + seq
                + " differs from the stable one");
    }

    void invariantBroken(int replica, String what, long now) {
        record("invariant: at tick " + now + " replica " + replica + ": " + what);
    }

    private void compare(Map<Long, First> seen, String property, String what, int replica, long seq, Bytes digest,
                         long now) {
        First first = seen.putIfAbsent(seq, new First(replica, digest, now));
        if (first != null && !first.digest.equals(digest)) {
            record(property + ": at tick " + now + " replica " + replica + " has " + what + " " + seq + " = "
                    + abbrev(digest) + " but replica " + first.replica + " had " + abbrev(first.digest)
                    + " (at tick " + first.tick + ")");
        }
    }

    private void record(String violation) {
        if (count++ < KEPT) {
            violations.add(violation);
        }
    }

    /** Violations in the order they happened (the first ones, if there were many). */
    List<String> violations() {
        List<String> out = new ArrayList<>(violations);
        if (count > KEPT) {
            out.add("... and " + (count - KEPT) + " more safety violations");
        }
        return out;
    }

    private static String abbrev(Bytes digest) {
        String hex = digest.toHex();
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
