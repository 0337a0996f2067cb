package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.bench.report.AttackReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttackSuiteTest {
    @TempDir
    Path dir;

    @Test
    void threePassesWriteEachPassAndTheMediansWithEveryPassRatioBeside() throws Exception {
        List<String> ran = new ArrayList<>();
        // Pass p runs fault-free at 1,000 x p ops/s and every attack at half that; pass 2's first
        // attack fails one invocation.
        int[] pass = {0};
        AttackSuite.Runner runner = (label, folder, attack) -> {
            if (attack == null) {
                pass[0]++;
            }
            ran.add(folder.getParent().getFileName() + "/" + label);
            double ops = attack == null ? 1_000.0 * pass[0] : 500.0 * pass[0];
            long errors = pass[0] == 2 && label.startsWith("silent") ? 1 : 0;
            return new AttackReport.Row(label, ops, 10.0 * pass[0], errors);
        };
        Path out = Files.createDirectories(dir.resolve("out"));
        int attacks = AttackSuite.attacks(4).size();

        boolean clean = new AttackSuite(runner, dir.resolve("work"), out, 4, 3).run();

        assertFalse(clean, "a pass failed an invocation");
        assertEquals(3 * (attacks + 1), ran.size());
        assertTrue(ran.get(0).startsWith("pass-1/fault-free") && ran.get(attacks + 1).startsWith("pass-2/"), ran.toString());
        for (int p = 1; p <= 3; p++) {
            assertTrue(Files.exists(out.resolve("pass-" + p).resolve("attacks.md")), "pass " + p + " has its table");
        }
        String table = Files.readString(out.resolve("attacks.md"));
        assertTrue(table.contains("| fault-free | 2,000 | 20.0 | 1.00 | 0 | 1.00, 1.00, 1.00 |"), table);
        assertTrue(table.contains("| silent:0@0s | 1,000 | 20.0 | 0.50 (below 0.7) | 1 | 0.50, 0.50, 0.50 |"), table);
    }

    @Test
    void onePassWritesItsTableWhereItWasAsked() throws Exception {
        AttackSuite.Runner runner = (label, folder, attack) -> new AttackReport.Row(label, 100, 1, 0);
        Path out = Files.createDirectories(dir.resolve("one"));

        assertTrue(new AttackSuite(runner, dir.resolve("work1"), out, 4, 1).run());
        assertTrue(Files.exists(out.resolve("attacks.md")));
        assertFalse(Files.exists(out.resolve("pass-1")));
    }
}
