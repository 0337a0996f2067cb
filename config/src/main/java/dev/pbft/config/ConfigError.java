package dev.pbft.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem found in a cluster configuration file, printable as a single line
 * {@code FILE:LINE: KEY: what is wrong; expected WHAT WOULD BE RIGHT}.
 *
 * <p>{@code line} is 1-based, or 0 when the problem belongs to no line (for example a missing
 * required key); the line part is then left out of {@link #oneLine()}. {@code key} is the key
 * written on that line (or the missing key), possibly empty. Line breaks in the key or message
 * are replaced by spaces so that every error stays one line.
 */
public record ConfigError(Path file, int line, String key, String message) {

    public ConfigError {
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
        key = singleLine(Objects.requireNonNull(key, "key"));
        message = singleLine(Objects.requireNonNull(message, "message"));
    }

    /** The error as {@code FILE:LINE: KEY: message}, without the line or key parts when absent. */
    public String oneLine() {
        StringBuilder sb = new StringBuilder().append(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (!key.isEmpty()) {
            sb.append(key).append(": ");
        }
        return sb.append(message).toString();
    }

    @Override
    public String toString() {
        return oneLine();
    }

    private static String singleLine(String s) {
        // A key copied from a hostile or garbled file must not be able to forge extra error lines.
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }
}
