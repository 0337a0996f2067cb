package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.config.ClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
    void keygenWithHostsWritesABundlePerHostThatLoadsAloneWithTheSameFingerprint() throws Exception {
        assertEquals(0, Main.run("keygen", "--dir", dir.toString(), "--hosts", "10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4"));
        String fingerprint = ClusterConfig.load(dir.resolve(GroupGenerator.CONFIG_FILE)).fingerprintHex();
        for (String name : new String[] {"replica-0", "replica-1", "replica-2", "replica-3", "clients"}) {
            Path host = dir.resolve("elsewhere").resolve(name); // nothing but the bundle on that host
            copyTree(dir.resolve("hosts").resolve(name), host);
            ClusterConfig bundle = ClusterConfig.load(host.resolve(GroupGenerator.CONFIG_FILE));
            assertEquals(fingerprint, bundle.fingerprintHex(), name);
            assertEquals(0, Main.run("validate", "--config", host.resolve(GroupGenerator.CONFIG_FILE).toString()), name);
            try (var files = Files.walk(host)) {
                List<String> keys = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".key")).sorted()
                        .toList();
                assertEquals(name.equals("clients") ? List.of("c0.key", "c1.key", "c2.key", "c3.key")
                        : List.of(name + ".key"), keys, "the only private keys in " + name);
            }
        }
        assertEquals("10.0.0.3", ClusterConfig.load(dir.resolve(GroupGenerator.CONFIG_FILE)).replica(2).host());
    }

    @Test
    void keygenWantsOneHostPerReplica() {
        assertEquals(Main.EXIT_USAGE, Main.run("keygen", "--dir", dir.toString(), "--hosts", "a,b,c"));
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to.getParent());
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
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
