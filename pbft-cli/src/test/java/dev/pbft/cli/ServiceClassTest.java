package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.client.PbftClient;
import dev.pbft.cli.custom.CountingService;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ProtocolParams;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --service-class}: replicas run a user's service from the classpath, no main of their own. */
class ServiceClassTest {
    @TempDir
    Path dir;

    @Test
    void replicaProcessesRunAUsersServiceClass() throws Exception {
        Path file = GroupGenerator.generate(dir, 1, 4, 1, "127.0.0.1", FreePorts.findRun(4), ProtocolParams.defaults());
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (LocalGroup group = LocalGroup.start(file, 4, List.of("--service-class", CountingService.class.getName(),
                "--in-memory"), 256, new PrintStream(lines, true, StandardCharsets.UTF_8));
             PbftClient client = PbftClient.builder().config(ClusterConfig.load(file)).client("c0").build()) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (lines.toString(StandardCharsets.UTF_8).split(" listening on ", -1).length < 5) {
                assertTrue(System.nanoTime() < deadline, "the replicas did not all start:\n" + lines);
                Thread.sleep(50);
            }
            assertEquals("count 1", new String(client.invoke(new byte[0]), StandardCharsets.UTF_8), lines::toString);
            assertEquals("count 2", new String(client.invoke(new byte[0]), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aClassThatIsNoServiceOrCannotBeBuiltIsOneLineSayingWhich() {
        assertInstanceOf(CountingService.class, ServiceClasses.instantiate(CountingService.class.getName()));
        assertEquals("--service-class com.example.Nope: not on the classpath (ClassNotFoundException); put its jar"
                + " there, e.g. PBFT_CLASSPATH=my-service.jar ./pbft ...",
                assertThrows(IllegalArgumentException.class, () -> ServiceClasses.instantiate("com.example.Nope"))
                        .getMessage());
        assertEquals("--service-class java.lang.String: does not implement dev.pbft.replica.service.Service",
                assertThrows(IllegalArgumentException.class, () -> ServiceClasses.instantiate("java.lang.String"))
                        .getMessage());
        assertEquals("--service-class dev.pbft.replica.service.NullService: needs a public constructor without"
                + " arguments in a public, concrete class", assertThrows(IllegalArgumentException.class,
                () -> ServiceClasses.instantiate("dev.pbft.replica.service.NullService")).getMessage());
    }
}
