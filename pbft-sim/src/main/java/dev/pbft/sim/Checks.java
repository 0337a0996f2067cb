package dev.pbft.sim;

import dev.pbft.protocol.Bytes;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.KvService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The properties every run must keep, checked after it ends:
 * <ul>
 *   <li>agreement: no two replicas executed different batches at one sequence number;</li>
 *   <li>validity: only operations that clients submitted were executed, byte for byte;</li>
 *   <li>exactly-once: no replica executed one (client, timestamp) twice;</li>
 *   <li>linearizability: the replicas' execution order is a witness: every client result equals the
 *       result of its operation in that order, that order replayed on a fresh service gives the same
 *       results, and an operation that returned before another was invoked comes first;</li>
 *   <li>liveness: every operation completed before the time limit (faults here never need a view change).</li>
 * </ul>
 */
final class Checks {
    private Checks() {
    }

    static List<String> run(Simulation sim) {
        List<String> v = new ArrayList<>();
        agreement(sim, v);
        validityAndExactlyOnce(sim, v);
        linearizability(sim, v);
        liveness(sim, v);
        return v;
    }

    private static void agreement(Simulation sim, List<String> v) {
        Map<Long, Bytes> agreed = new HashMap<>();
        Map<Long, Integer> who = new HashMap<>();
        sim.executedDigests().forEach((replica, bySeq) -> bySeq.forEach((seq, digest) -> {
            Bytes first = agreed.putIfAbsent(seq, digest);
            who.putIfAbsent(seq, replica);
            if (first != null && !first.equals(digest)) {
                v.add("agreement: seq " + seq + " executed as " + first + " by replica " + who.get(seq)
                        + " but as " + digest + " by replica " + replica);
            }
        }));
    }

    private static void validityAndExactlyOnce(Simulation sim, List<String> v) {
        for (int r = 0; r < sim.executions().size(); r++) {
            Set<String> seen = new HashSet<>();
            for (Executions.Executed e : sim.executions().get(r).log) {
                ClientOp op = sim.op(e.client(), e.timestamp());
                if (op == null || !op.operation.equals(e.operation())) {
                    v.add("validity: replica " + r + " executed " + e.client() + "/" + e.timestamp()
                            + " at seq " + e.seq() + ", which that client never submitted");
                }
                if (!seen.add(e.client() + "/" + e.timestamp())) {
                    v.add("exactly-once: replica " + r + " executed " + e.client() + "/" + e.timestamp() + " twice");
                }
            }
        }
    }

    private static void linearizability(Simulation sim, List<String> v) {
        List<Executions.Executed> order = longestCorrectLog(sim);
        KvService fresh = new KvService();
        long maxInvokedBefore = Long.MIN_VALUE;
        Set<String> placed = new HashSet<>();
        for (Executions.Executed e : order) {
            byte[] replayed = fresh.execute(new ExecutionContext(e.client(), e.timestamp(), e.seq()), e.operation().toArray());
            if (!Bytes.wrap(replayed).equals(e.result())) {
                v.add("linearizability: replaying the execution order gives another result for " + e.client() + "/"
                        + e.timestamp());
            }
            ClientOp op = sim.op(e.client(), e.timestamp());
            if (op == null) {
                continue;
            }
            placed.add(e.client() + "/" + e.timestamp());
            if (op.completed() && !op.result.equals(e.result())) {
                v.add("linearizability: " + e.client() + "/" + e.timestamp() + " returned a result the replicas did not compute");
            }
            if (op.completed() && maxInvokedBefore > op.returnedAt) {
                v.add("linearizability: " + e.client() + "/" + e.timestamp() + " returned at tick " + op.returnedAt
                        + " but is ordered after an operation invoked at tick " + maxInvokedBefore);
            }
            maxInvokedBefore = Math.max(maxInvokedBefore, op.invokedAt);
        }
        for (ClientOp op : sim.ops()) {
            if (op.completed() && !placed.contains(op.client + "/" + op.timestamp)) {
                v.add("linearizability: " + op.client + "/" + op.timestamp + " returned but no correct replica executed it");
            }
        }
    }

    private static List<Executions.Executed> longestCorrectLog(Simulation sim) {
        List<Executions.Executed> best = List.of();
        for (int r = 0; r < sim.executions().size(); r++) {
            List<Executions.Executed> log = sim.executions().get(r).log;
            if (!sim.crashedReplicas().contains(r) && log.size() > best.size()) {
                best = log;
            }
        }
        return best;
    }

    private static void liveness(Simulation sim, List<String> v) {
        long incomplete = sim.ops().stream().filter(op -> !op.completed()).count();
        int expected = sim.options().clients() * sim.options().opsPerClient();
        if (incomplete > 0 || sim.ops().size() < expected) {
            v.add("liveness: " + (incomplete + expected - sim.ops().size()) + " of " + expected
                    + " operations did not complete within " + sim.options().maxTicks() + " ticks");
        }
    }
}
