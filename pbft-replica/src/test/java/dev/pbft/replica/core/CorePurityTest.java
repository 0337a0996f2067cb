package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core must stay deterministic: no threads, sockets, clocks, randomness, Netty or Kryo in its
 * package. This scans the sources' imports and uses, so a slip fails the build.
 */
class CorePurityTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "import\\s+(io\\.netty|com\\.esotericsoftware|java\\.net|java\\.nio\\.channels|java\\.util\\.concurrent"
                    + "|java\\.time|java\\.util\\.Random|java\\.security\\.SecureRandom|java\\.lang\\.Thread)"
                    + "|System\\.(currentTimeMillis|nanoTime)|new Thread|Thread\\.sleep|Math\\.random"
                    + "|synchronized|ThreadLocalRandom|Instant\\.now");

    @Test
    void theCorePackageUsesNoThreadsSocketsClocksNettyOrKryo() throws IOException {
        Path dir = Path.of("src/main/java/dev/pbft/replica/core");
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (FORBIDDEN.matcher(lines.get(i)).find()) {
                        offences.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertTrue(offences.isEmpty(), "non-deterministic dependencies in the core:\n" + String.join("\n", offences));
    }
}
