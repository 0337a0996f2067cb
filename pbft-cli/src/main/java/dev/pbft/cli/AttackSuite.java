package dev.pbft.cli;

import dev.pbft.bench.load.ClientAttacker;
import dev.pbft.bench.load.FaultSpec;
import dev.pbft.bench.report.AttackReport;
import dev.pbft.config.ConfigException;
import dev.pbft.sim.ReplicaAttack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench --attacks all}: a fault-free run, then one run under each attack (every replica
 * behaviour on the replica its role needs, every faulty client), each in a fresh group with the
 * attack on for the whole measured part; then the table and chart of {@link AttackReport}. With
 * {@code --passes N} the whole suite runs N times, one pass after the other (so the machine's drift
 * spreads over every row), and the table gives each row's medians.
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
    private final int passes;

    /** A suite of {@code passes} passes; with more than one, each goes to its own pass-N folder. */
    AttackSuite(Runner runner, Path work, Path out, int replicas, int passes) {
        this.runner = runner;
        this.work = work;
        this.out = out;
        this.replicas = replicas;
        this.passes = passes;
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

    /**
     * Runs the suite {@code passes} times, then writes the medians (see {@link AttackReport#medians});
     * returns whether every run completed without failed invocations.
     */
    boolean run() throws IOException, ConfigException, InterruptedException {
        List<List<AttackReport.Row>> all = new ArrayList<>();
        for (int p = 1; p <= passes; p++) {
            Path dir = passes == 1 ? out : Files.createDirectories(out.resolve("pass-" + p));
            Path scratch = passes == 1 ? work : work.resolve("pass-" + p);
            all.add(runPass(p, dir, scratch));
        }
        List<AttackReport.Row> rows = all.get(0);
        System.out.println();
        if (passes > 1) {
            rows = AttackReport.medians(all);
            AttackReport.write(out, rows, all);
            System.out.print(AttackReport.markdown(rows, all));
        } else {
            System.out.print(AttackReport.markdown(rows));
        }
        System.out.println("results in " + out.toAbsolutePath());
        return rows.stream().allMatch(r -> r.errors() == 0);
    }

    private List<AttackReport.Row> runPass(int pass, Path dir, Path scratch)
            throws IOException, ConfigException, InterruptedException {
        String of = passes == 1 ? "" : " (pass " + pass + " of " + passes + ")";
        List<AttackReport.Row> rows = new ArrayList<>();
        System.out.printf("bench: fault-free%s%n", of);
        rows.add(runner.run("fault-free", scratch.resolve("fault-free"), null));
        int i = 0;
        for (FaultSpec.Attack a : attacks(replicas)) {
            System.out.printf("bench: attack %d of %d%s: %s%n", ++i, attacks(replicas).size(), of, a.text());
            rows.add(runner.run(a.text(), scratch.resolve("attack-" + i), a));
            AttackReport.write(dir, rows); // after every run: a long suite leaves its figures as it goes
        }
        return rows;
    }
}
