package dev.pbft.cli;

import dev.pbft.bench.load.ClientAttacker;
import dev.pbft.bench.load.FaultSpec;
import dev.pbft.bench.report.AttackReport;
import dev.pbft.config.ConfigException;
import dev.pbft.sim.ReplicaAttack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench --attacks all}: a fault-free run, then one run under each attack (every replica
 * behaviour on the replica its role needs, every faulty client), each in a fresh group with the
 * attack on for the whole measured part; then the table and chart of {@link AttackReport}.
 */
final class AttackSuite {
    /** Runs the group once, under {@code attack} (null for none). */
    interface Runner {
        AttackReport.Row run(String label, Path folder, FaultSpec.Attack attack)
                throws IOException, ConfigException, InterruptedException;
    }

    private final Runner runner;
    private final Path work;
    private final Path out;
    private final int replicas;

    AttackSuite(Runner runner, Path work, Path out, int replicas) {
        this.runner = runner;
        this.work = work;
        this.out = out;
        this.replicas = replicas;
    }

    /** Every attack the suite runs, in order. */
    static List<FaultSpec.Attack> attacks(int replicas) {
        List<FaultSpec.Attack> all = new ArrayList<>();
        for (String name : ReplicaAttack.names()) {
            all.add(new FaultSpec.Attack(name, Math.min(replicas - 1, ReplicaAttack.defaultReplica(name)), 0));
        }
        for (String kind : ClientAttacker.KINDS) {
            all.add(new FaultSpec.Attack(kind, -1, 0));
        }
        return all;
    }

    /** Runs the suite; returns whether every run completed without failed invocations. */
    boolean run() throws IOException, ConfigException, InterruptedException {
        List<AttackReport.Row> rows = new ArrayList<>();
        rows.add(runner.run("fault-free", work.resolve("fault-free"), null));
        int i = 0;
        for (FaultSpec.Attack a : attacks(replicas)) {
            System.out.printf("bench: attack %d of %d: %s%n", ++i, attacks(replicas).size(), a.text());
            rows.add(runner.run(a.text(), work.resolve("attack-" + i), a));
            AttackReport.write(out, rows); // after every run: a long suite leaves its figures as it goes
        }
        System.out.println();
        System.out.print(AttackReport.markdown(rows));
        System.out.println("results in " + out.toAbsolutePath());
        return rows.stream().allMatch(r -> r.errors() == 0);
    }
}
