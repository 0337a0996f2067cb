package dev.pbft.cli;

import dev.pbft.replica.runtime.Replica;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A replica's {@link Replica.Status} in a small text file that other processes can read at any
 * moment, one {@code key=value} a line:
 * <pre>
 * view=1
 * primary=1
 * lastExecuted=12345
 * lowWaterMark=12288
 * peersConnected=3
 * </pre>
 * Written atomically (a temporary file beside it, then a rename), so a reader sees a whole old or a
 * whole new version, never a mix.
 */
final class StatusFile {
    /** How often {@link #startWriter} writes. */
    static final long PERIOD_MILLIS = 100;

    private StatusFile() {
    }

    static String format(Replica.Status s) {
        return "view=" + s.view() + "\nprimary=" + s.primary() + "\nlastExecuted=" + s.lastExecuted()
                + "\nlowWaterMark=" + s.lowWaterMark() + "\npeersConnected=" + s.peersConnected() + "\n";
    }

    /** @throws IllegalArgumentException if a key is missing or a value is not a number */
    static Replica.Status parse(String text) {
        Map<String, String> values = new HashMap<>();
        text.lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        });
        try {
            return new Replica.Status(Long.parseLong(need(values, "view")), Integer.parseInt(need(values, "primary")),
                    Long.parseLong(need(values, "lastExecuted")), Long.parseLong(need(values, "lowWaterMark")),
                    Integer.parseInt(need(values, "peersConnected")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a status: " + e.getMessage(), e);
        }
    }

    private static String need(Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("not a status: no " + key);
        }
        return v;
    }

    static void write(Path file, Replica.Status status) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, format(status), StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The status in {@code file}; empty if there is none or it cannot be read. */
    static Optional<Replica.Status> read(Path file) {
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts a daemon thread that writes {@code status} to {@code file} every 100 ms while it
     * changes (and once at the start). A failed write is reported once and retried on the next turn.
     */
    static Thread startWriter(Path file, Supplier<Replica.Status> status) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Thread t = new Thread(() -> {
            Replica.Status written = null;
            boolean complained = false;
            while (!Thread.currentThread().isInterrupted()) {
                Replica.Status now = status.get();
                if (now != null && !now.equals(written)) {
                    try {
                        write(file, now);
                        written = now;
                        complained = false;
                    } catch (IOException e) {
                        if (!complained) {
                            System.err.println("replica: cannot write its status to " + file + ": " + e);
                            complained = true;
                        }
                    }
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "pbft-status-file");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
