package dev.pbft.replica.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Stored bytes are damaged in a way that is not a torn tail from an interrupted write: the store
 * refuses to guess. The message names the file, the byte offset and what was expected there.
 */
public final class CorruptStoreException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param what what was found and what was expected instead */
    public CorruptStoreException(Path file, long offsetBytes, String what) {
        super(file + " at byte offset " + offsetBytes + ": " + what);
    }
}
