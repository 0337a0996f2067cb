package dev.pbft.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the errors of one parse so that all of them are reported together. */
final class Errors {

    private final Path file;
    private final List<ConfigError> errors = new ArrayList<>();

    Errors(Path file) {
        this.file = file;
    }

    void add(int line, String key, String message) {
        errors.add(new ConfigError(file, line, key, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny() throws ConfigException {
        if (!errors.isEmpty()) {
            List<ConfigError> sorted = new ArrayList<>(errors);
            // Stable: errors on one line keep the order in which the checks found them.
            sorted.sort(Comparator.comparingInt(ConfigError::line));
            throw new ConfigException(sorted);
        }
    }
}
