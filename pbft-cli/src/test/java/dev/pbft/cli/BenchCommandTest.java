package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pbft bench} end to end with real replica JVMs, kept short; outcomes only, no timing. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void aShortRunWithABackupKilledAndRestartedWritesItsResultsAndSucceeds() throws Exception {
        Path out = dir.resolve("out");
        int exit = Main.run("bench", "--replicas", "4", "--clients", "4", "--principals", "2", "--warmup", "1",
                "--duration", "3", "--fault", "kill:3@1s,restart:3@2s", "--dir", dir.resolve("work").toString(),
                "--out", out.toString());

        assertEquals(0, exit, "no request failed: f=1 tolerates the killed backup");
        String json = Files.readString(out.resolve("result.json"));
        assertTrue(json.contains("\"faults\": [\"kill:3@1s\", \"restart:3@2s\"]"), json);
        assertTrue(json.contains("\"detail\": \"replica 3 killed with SIGKILL ("), json);
        assertTrue(json.contains("\"detail\": \"replica 3 started again"), json);
        assertTrue(json.contains("\"recoveries\": ["), json);
        assertTrue(json.contains("\"catchUps\": [") && json.contains("\"fault\": \"restart:3@2s\""), json);
        assertTrue(json.contains("\"replicaProgress\": [") && json.contains("\"executed\": ["), "progress was sampled: " + json);
        List<String> csv = Files.readAllLines(out.resolve("series.csv"));
        assertEquals(List.of("second,phase,ops,errors"), csv.subList(0, 1));
        assertEquals(5, csv.size(), "a header and 4 seconds");
        String svg = Files.readString(out.resolve("chart.svg"));
        assertTrue(svg.contains("kill:3@1s") && svg.contains("restart:3@2s") && svg.contains("executed sequence number per replica"));
    }

    @Test
    void badArgumentsAreRefusedWithUsageExitBeforeAnythingStarts() {
        Path out = dir.resolve("never");
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--fault", "kill:3", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--clients-from", "c0", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--duration", "0", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--fault", "kill:7@1s", "--replicas", "4", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--fault", "kill:1@5s", "--duration", "5", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--fault", "restart:3@5s", "--duration", "10", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--fault", "restart:3@5s,kill:3@6s", "--duration", "10", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--fault", "kill:3@1s", "--fault", "restart:7@2s", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--attack", "kill:3@1s", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--attack", "equivocates:0@1s,silent:0@2s", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--attack", "twins:0@1s", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--attacks", "some", "--out", out.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("bench", "--attacks", "all", "--attack", "silent:0@1s", "--out", out.toString()));
        assertTrue(Files.notExists(out), "refused before any output");
    }

    @Test
    void anEquivocatingPrimaryAndABigMacClientInRealProcessesFailNoRequest() throws Exception {
        Path out = dir.resolve("attacked");
        int exit = Main.run("bench", "--replicas", "4", "--clients", "4", "--principals", "2", "--warmup", "1",
                "--duration", "4", "--attack", "equivocates:0@0s,big-mac-client@0s", "--dir",
                dir.resolve("work-attacked").toString(), "--out", out.toString());

        assertEquals(0, exit, "no request failed: the primary is replaced and the faulty client harms nobody");
        String json = Files.readString(out.resolve("result.json"));
        assertTrue(json.contains("\"faults\": [\"equivocates:0@0s\", \"big-mac-client@0s\"]"), json);
        // Its role when the attack starts depends on timing (a view change may come first): not checked.
        assertTrue(json.contains("\"detail\": \"replica 0 (") && json.contains("started: equivocates"), json);
        assertTrue(json.contains("\"detail\": \"a faulty client started: big-mac-client\""), json);
    }
}
