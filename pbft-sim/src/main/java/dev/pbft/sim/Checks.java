package dev.pbft.sim;

import dev.pbft.protocol.Bytes;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.KvService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The properties checked when a run ends, over correct replicas only (Byzantine ones are named by
 * the scenario and left out; crashed ones count, for what they did before they stopped). Agreement
 * on batches and checkpoint states is checked as the run goes, by {@link SafetyMonitor}.
 * <ul>
 *   <li>validity: only operations that clients submitted were executed, byte for byte;</li>
 *   <li>exactly-once: no replica executed one (client, timestamp) twice;</li>
 *   <li>linearizability: the reference order (by sequence number, across correct replicas, since
 *       a replica that did state transfer has a gap in its own log) is a witness: every client
 *       result equals the result of its operation in that order, that order replayed on a fresh
 *       service gives the same results, and an operation that returned before another was invoked
 *       comes first; a read answered on the read-only path returns what its key held at a point
 *       of that order within the read's real time;</li>
 *   <li>liveness: once the fault phase ends, every operation completes within the options' bound
 *       (counted from the later of its invocation and the end of the fault phase).</li>
 * </ul>
 */
final class Checks {
    private static final int REPORTED_PER_CHECK = 5;

    private Checks() {
    }

    static List<String> run(Simulation sim) {
        List<String> v = new ArrayList<>();
        validityAndExactlyOnce(sim, v);
        linearizability(sim, v);
        liveness(sim, v);
        if (!sim.restartedCaughtUp()) {
            v.add("recovery: restarted replicas (replica=last executed) " + sim.laggingRestarted()
                    + " had not caught up with the group " + sim.options().livenessBoundTicks()
                    + " ticks after the clients finished");
        }
        return v;
    }

    private static void validityAndExactlyOnce(Simulation sim, List<String> v) {
        for (int r : sim.correctReplicas()) {
            Set<String> seen = new HashSet<>();
            for (Executions.Executed e : sim.executions(r).log) {
                if (e.client().equals(sim.faultyClientName())) {
                    continue; // outside the workload: see Simulation#faultyClientExecutions
                }
                ClientOp op = sim.op(e.client(), e.timestamp());
                if (op == null || !op.operation.equals(e.operation())) {
                    v.add("validity: replica " + r + " executed " + e.client() + "/" + e.timestamp()
                            + " at seq " + e.seq() + ", which that client never submitted");
                }
                if (!seen.add(e.client() + "/" + e.timestamp())) {
                    v.add("exactly-once: replica " + r + " executed " + e.client() + "/" + e.timestamp()
                            + " twice (again at seq " + e.seq() + ")");
                }
            }
        }
    }

    /** Every correct replica's executions, by sequence number: the first replica that ran a seq speaks for it. */
    private static TreeMap<Long, List<Executions.Executed>> referenceOrder(Simulation sim) {
        TreeMap<Long, List<Executions.Executed>> bySeq = new TreeMap<>();
        for (int r : sim.correctReplicas()) {
            Map<Long, List<Executions.Executed>> own = new TreeMap<>();
            for (Executions.Executed e : sim.executions(r).log) {
                own.computeIfAbsent(e.seq(), s -> new ArrayList<>()).add(e);
            }
            own.forEach(bySeq::putIfAbsent);
        }
        return bySeq;
    }

    private static void linearizability(Simulation sim, List<String> v) {
        KvService fresh = new KvService();
        long maxInvokedBefore = Long.MIN_VALUE;
        Set<String> placed = new HashSet<>();
        int reported = 0;
        for (List<Executions.Executed> atSeq : referenceOrder(sim).values()) {
            for (Executions.Executed e : atSeq) {
                byte[] replayed = fresh.execute(new ExecutionContext(e.client(), e.timestamp(), e.seq()),
                        e.operation().toArray());
                String id = e.client() + "/" + e.timestamp();
                List<String> found = new ArrayList<>();
                if (!Bytes.wrap(replayed).equals(e.result())) {
                    found.add("linearizability: replaying the order by sequence number gives another result for " + id
                            + " at seq " + e.seq());
                }
                ClientOp op = sim.op(e.client(), e.timestamp());
                if (op != null && placed.add(id)) {
                    if (op.completed() && !op.result.equals(e.result())) {
                        found.add("linearizability: " + id + " returned a result the replicas did not compute");
                    }
                    if (op.completed() && maxInvokedBefore > op.returnedAt) {
                        found.add("linearizability: " + id + " returned at tick " + op.returnedAt
                                + " but is ordered after an operation invoked at tick " + maxInvokedBefore);
                    }
                    maxInvokedBefore = Math.max(maxInvokedBefore, op.invokedAt);
                }
                for (String f : found) {
                    if (reported++ < REPORTED_PER_CHECK) {
                        v.add(f);
                    }
                }
            }
        }
        for (ClientOp op : sim.ops()) {
            if (op.completed() && !op.readOnly && !placed.contains(op.client + "/" + op.timestamp)) {
                v.add("linearizability: " + op.client + "/" + op.timestamp + " returned but no correct replica executed it");
            }
        }
        readsOutsideTheOrder(sim, placed, v);
    }

    /**
     * A read answered on the read-only path is in no replica's log: its result must be what its key
     * held at some point of the reference order that lies within the read's real time, that is
     * after every operation that returned before the read was invoked, and before every one invoked
     * after it returned.
     */
    private static void readsOutsideTheOrder(Simulation sim, Set<String> placed, List<String> v) {
        List<Executions.Executed> order = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        referenceOrder(sim).values().forEach(atSeq -> atSeq.stream()
                .filter(e -> seen.add(e.client() + "/" + e.timestamp())).forEach(order::add));
        List<ClientOp> reads = new ArrayList<>();
        for (ClientOp op : sim.ops()) {
            if (op.readOnly && op.completed() && !placed.contains(op.client + "/" + op.timestamp)) {
                reads.add(op);
            }
        }
        int[] lo = new int[reads.size()];
        int[] hi = new int[reads.size()];
        for (int i = 0; i < reads.size(); i++) {
            ClientOp read = reads.get(i);
            hi[i] = order.size();
            for (int p = 0; p < order.size(); p++) {
                ClientOp op = sim.op(order.get(p).client(), order.get(p).timestamp());
                if (op != null && op.completed() && op.returnedAt < read.invokedAt) {
                    lo[i] = p + 1;
                }
                if (op != null && op.invokedAt > read.returnedAt) {
                    hi[i] = Math.min(hi[i], p);
                }
            }
        }
        boolean[] matched = new boolean[reads.size()];
        KvService fresh = new KvService();
        for (int p = 0; p <= order.size(); p++) {
            for (int i = 0; i < reads.size(); i++) {
                ClientOp read = reads.get(i);
                if (!matched[i] && lo[i] <= p && p <= hi[i]) {
                    byte[] now = fresh.execute(new ExecutionContext(read.client, read.timestamp, p), read.operation.toArray());
                    matched[i] = Bytes.wrap(now).equals(read.result);
                }
            }
            if (p < order.size()) {
                Executions.Executed e = order.get(p);
                fresh.execute(new ExecutionContext(e.client(), e.timestamp(), e.seq()), e.operation().toArray());
            }
        }
        int reported = 0;
        for (int i = 0; i < reads.size(); i++) {
            if (!matched[i] && reported++ < REPORTED_PER_CHECK) {
                ClientOp read = reads.get(i);
                v.add("linearizability: read " + read.client + "/" + read.timestamp + " (ticks " + read.invokedAt + "-"
                        + read.returnedAt + ") returned what its key held at no point between operations " + lo[i]
                        + " and " + hi[i] + " of the order");
            }
        }
    }

    private static void liveness(Simulation sim, List<String> v) {
        SimOptions o = sim.options();
        long healed = sim.scenario().network().faultPhaseEnds();
        long bound = o.livenessBoundTicks();
        int late = 0;
        String first = null;
        for (ClientOp op : sim.ops()) {
            long deadline = Math.max(op.invokedAt, healed) + bound;
            String problem = null;
            if (op.failure != null && op.returnedAt >= healed) {
                problem = "failed at tick " + op.returnedAt + " (" + op.failure + ")";
            } else if (op.completed() && op.returnedAt > deadline) {
                problem = "completed only at tick " + op.returnedAt;
            } else if (op.returnedAt < 0 && sim.now() >= deadline) {
                problem = "had not completed when the run ended at tick " + sim.now();
            } else if (op.failure != null) {
                problem = "failed at tick " + op.returnedAt + " (" + op.failure + ")";
            }
            if (problem != null && late++ == 0) {
                first = op.client + "/" + op.timestamp + " invoked at tick " + op.invokedAt + " " + problem
                        + "; deadline " + deadline;
            }
        }
        int unsubmitted = 0;
        for (int c = 0; c < o.clients(); c++) {
            unsubmitted += sim.unsubmitted(c);
        }
        if (late > 0 || (unsubmitted > 0 && sim.now() >= healed + bound)) {
            v.add("liveness: " + late + " operations did not complete within the bound of " + bound
                    + " ticks after the fault phase ended at tick " + healed + (unsubmitted > 0 ? " and "
                    + unsubmitted + " were never submitted" : "") + (first == null ? "" : "; first: " + first));
        }
    }
}
