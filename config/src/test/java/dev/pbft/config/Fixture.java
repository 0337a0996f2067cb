package dev.pbft.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Builds config files and key files in a temporary folder and checks the errors they cause. */
final class Fixture {

    final Path dir;

    Fixture(Path dir) {
        this.dir = dir;
    }

    /** A deterministic 64-byte key: distinct seeds give distinct keys. */
    static byte[] key(int seed) {
        byte[] key = new byte[KeyFiles.KEY_BYTES];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7);
        }
        return key;
    }

    static String inlineKey(int seed) {
        return KeyFiles.encode(key(seed));
    }

    /** Lines of a valid group: f = 1 and replicas 0..3 on 127.0.0.1:7000.. with inline keys. */
    static List<String> validLines() {
        List<String> lines = new ArrayList<>(List.of("# test group", "f = 1"));
        for (int id = 0; id < 4; id++) {
            lines.add("replica." + id + " = 127.0.0.1:" + (7000 + id));
            lines.add("replica." + id + ".public-key = " + inlineKey(id));
        }
        return lines;
    }

    Path publicKeyFile(String name, int seed) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            KeyFiles.writePublic(file, key(seed), "public key " + name);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path privateKeyFile(String name, int seed) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            KeyFiles.writePrivate(file, key(seed), "private key " + name);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path config(List<String> lines) {
        try {
            Path file = dir.resolve("cluster.conf");
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ClusterConfig load(List<String> lines) {
        try {
            return ClusterConfig.load(config(lines));
        } catch (ConfigException e) {
            return fail("expected a valid config, got:\n" + e.getMessage());
        }
    }

    ConfigException refuse(List<String> lines) {
        return assertThrows(ConfigException.class, () -> ClusterConfig.load(config(lines)));
    }

    /** 1-based number of the first line that starts with {@code prefix}. */
    static int lineOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starts with " + prefix);
    }

    /**
     * Asserts there is an error for this key and line in {@code cluster.conf}, whose message
     * contains every fragment, and that it appears as one line of the exception's message.
     */
    ConfigError assertError(ConfigException e, int line, String key, String... fragments) {
        List<ConfigError> atLine = e.errors().stream()
                .filter(err -> err.key().equals(key) && err.line() == line)
                .collect(Collectors.toList());
        if (atLine.isEmpty()) {
            fail("no error for " + key + " on line " + line + "; got:\n" + e.getMessage());
        }
        ConfigError error = atLine.stream()
                .filter(err -> Arrays.stream(fragments).allMatch(err.message()::contains))
                .findFirst()
                .orElseGet(() -> fail("no error for " + key + " on line " + line + " contains all of "
                        + Arrays.toString(fragments) + "; got:\n" + e.getMessage()));
        assertEquals(dir.resolve("cluster.conf"), error.file());
        String expectedLine = dir.resolve("cluster.conf") + (line > 0 ? ":" + line : "") + ": " + key + ": " + error.message();
        assertTrue(e.getMessage().lines().anyMatch(expectedLine::equals),
                () -> "exception message lacks line '" + expectedLine + "':\n" + e.getMessage());
        return error;
    }
}
