package dev.pbft.config;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A key file that is missing, unreadable, malformed or too widely readable. {@link #problem()}
 * reads as a predicate of the file ("does not exist; expected ..."), so callers can prefix it
 * with their own description of the file; {@link #getMessage()} is "key file FILE problem".
 */
public final class KeyFileException extends IOException {

    private final transient Path file;
    private final String problem;

    public KeyFileException(Path file, String problem) {
        super("key file " + file + " " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The key file concerned. */
    public Path file() {
        return file;
    }

    /** What is wrong with the file and what was expected, e.g. "does not exist; expected ...". */
    public String problem() {
        return problem;
    }
}
