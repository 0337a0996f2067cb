package dev.pbft.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a cluster configuration cannot be loaded. Holds every problem found (the parser
 * does not stop at the first), ordered by line; {@link #getMessage()} is their
 * {@link ConfigError#oneLine() one-line forms} joined with {@code '\n'}.
 */
public final class ConfigException extends Exception {

    private final transient List<ConfigError> errors;

    /** @param errors at least one error */
    public ConfigException(List<ConfigError> errors) {
        super(join(errors));
        this.errors = List.copyOf(errors);
    }

    /** All problems found, ordered by line (errors without a line first). */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String join(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        return errors.stream().map(ConfigError::oneLine).collect(Collectors.joining("\n"));
    }
}
