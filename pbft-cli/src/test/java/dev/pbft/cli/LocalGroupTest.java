package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.config.ProtocolParams;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalGroupTest {
    @TempDir
    Path dir;

    @Test
    void closingTheGroupRelaysEveryReplicasShutdownSummary() throws Exception {
        Path config = GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4), ProtocolParams.defaults());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream output = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LocalGroup group = LocalGroup.start(config, 4, List.of("--service", "null", "--in-memory"), 256, output);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(bytes, " listening on ") < 4) {
            assertTrue(System.nanoTime() < deadline, "the replicas did not all start:\n" + bytes);
            Thread.sleep(50);
        }

        group.close();

        assertEquals(4, count(bytes, " stopped: "), "every replica's summary reached the console:\n" + bytes);
    }

    @Test
    void upSaysWhenTheGroupIsReadyAndWhichReplicaExitedWhileTheOthersRun() throws Exception {
        Path config = GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4), ProtocolParams.defaults());
        ByteArrayOutputStream replicaLines = new ByteArrayOutputStream();
        ByteArrayOutputStream upLines = new ByteArrayOutputStream();
        PrintStream up = new PrintStream(upLines, true, StandardCharsets.UTF_8);
        try (LocalGroup group = LocalGroup.start(config, 4, List.of("--service", "null", "--in-memory"), 256,
                new PrintStream(replicaLines, true, StandardCharsets.UTF_8))) {
            GroupWatch watch = new GroupWatch(group, 1, up);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(upLines, "up: ready: ") == 0) {
                assertTrue(System.nanoTime() < deadline, "no ready line:\n" + upLines + replicaLines);
                assertEquals(4, watch.poll());
                Thread.sleep(50);
            }
            assertTrue(upLines.toString(StandardCharsets.UTF_8).matches(
                    "up: ready: replicas \\[[0-3](, [0-3]){2,3}\\] serve \\(2f\\+1 = 3 of 4 needed\\), view 0, primary 0\\R"),
                    upLines.toString(StandardCharsets.UTF_8));

            group.kill(3);
            assertEquals(3, watch.poll(), "the others keep running");
            assertEquals(3, watch.poll(), "and the exit is told once");
            assertEquals(1, count(upLines, "up: replica 3 exited with code 137 (killed (SIGKILL)); 3 of 4 still run\n"),
                    upLines.toString(StandardCharsets.UTF_8));
            group.kill(2);
            watch.poll();
            assertEquals(1, count(upLines, "up: replica 2 exited with code 137 (killed (SIGKILL)); 2 of 4 still run,"
                    + " fewer than the 2f+1 = 3 the group needs"), upLines.toString(StandardCharsets.UTF_8));
        }
    }

    private static int count(ByteArrayOutputStream bytes, String what) {
        String text;
        synchronized (bytes) {
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
