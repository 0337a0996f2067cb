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

    private static int count(ByteArrayOutputStream bytes, String what) {
        String text;
        synchronized (bytes) {
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
