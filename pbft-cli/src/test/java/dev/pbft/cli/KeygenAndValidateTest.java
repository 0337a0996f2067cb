package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.config.ClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenAndValidateTest {
    @TempDir
    Path dir;

    @Test
    void keygenWritesAConfigThatValidationAccepts() throws Exception {
        assertEquals(0, Main.run("keygen", "--f", "1", "--clients", "4", "--dir", dir.toString()));
        Path config = dir.resolve(GroupGenerator.CONFIG_FILE);
        assertEquals(0, Main.run("validate", "--config", config.toString()));
        ClusterConfig c = ClusterConfig.load(config);
        assertEquals(4, c.n());
        assertEquals(4, c.clients().size());
        for (int i = 0; i < 4; i++) {
            Path key = dir.resolve("private/replica-" + i + ".key");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        }
    }

    @Test
    void keygenRefusesToOverwriteAGroup() {
        assertEquals(0, Main.run("keygen", "--dir", dir.toString()));
        assertEquals(Main.EXIT_USAGE, Main.run("keygen", "--dir", dir.toString()));
    }

    @Test
    void validateExitsNonZeroOnABrokenConfig() throws Exception {
        assertEquals(0, Main.run("keygen", "--dir", dir.toString()));
        Path config = dir.resolve(GroupGenerator.CONFIG_FILE);
        Files.writeString(config, Files.readString(config).replace("f = 1", "f = 2"));
        assertEquals(Main.EXIT_USAGE, Main.run("validate", "--config", config.toString()));
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"keygen", "validate"}) {
            assertEquals(0, Main.run(command, "--help"));
        }
        assertEquals(0, Main.run("--help"));
        assertTrue(Main.run("no-such-command") != 0);
    }
}
