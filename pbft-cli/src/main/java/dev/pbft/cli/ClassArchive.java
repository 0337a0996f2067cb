package dev.pbft.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A class-data archive (AppCDS) for the replica JVMs a {@link LocalGroup} starts from one jar. The
 * classes a replica loads are read from the archive, mapped and already verified, instead of being
 * parsed from the jar: that cuts about 40% of a JVM's start, the largest part of a restarted
 * replica's catch-up on a busy machine. A group without a fresh archive records one: each replica JVM dumps
 * the classes it loaded when it exits, and {@link #settle} keeps one of those files. The archive
 * sits beside the jar, named after the JVM that made it, and is stale once the jar is newer; a JVM
 * that cannot use it runs without. Not thread-safe: its group calls it under its own lock.
 */
final class ClassArchive {
    /** Set to {@code off} to start replicas without an archive (to measure what it saves). */
    static final String SWITCH_VARIABLE = "PBFT_CLASS_ARCHIVE";
    /** The exit status of a process killed by SIGKILL (128 + 9). */
    private static final int SIGKILL_EXIT = 137;

    private final Path jar;
    private final Path archive;
    private final List<Recording> recordings = new ArrayList<>();
    private Path pending;
    private int launches;

    /** A file a replica JVM dumps its classes into when it exits. */
    private record Recording(Path file, Process process) {
    }

    ClassArchive(Path jar, Path archive) {
        this.jar = jar;
        this.archive = archive;
    }

    /**
     * The archive for JVMs started with {@code classPath}: only a single jar can have one (the JVM
     * archives nothing loaded from a directory), and only where the jar's folder is writable.
     */
    static Optional<ClassArchive> forClassPath(String classPath, String vmVersion, String switchValue) {
        if ("off".equalsIgnoreCase(switchValue) || classPath == null || classPath.contains(java.io.File.pathSeparator)
                || !classPath.endsWith(".jar")) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        if (!Files.isRegularFile(jar) || !Files.isWritable(jar.getParent())) {
            return Optional.empty();
        }
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "") + "-"
                + vmVersion.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsa";
        return Optional.of(new ClassArchive(jar, jar.resolveSibling(name)));
    }

    /** The archive for this process's own class path and JVM. */
    static Optional<ClassArchive> forThisJvm() {
        return forClassPath(System.getProperty("java.class.path"), System.getProperty("java.vm.version"),
                System.getenv(SWITCH_VARIABLE));
    }

    /** Whether the archive exists and was made from the jar as it is now. */
    boolean fresh() {
        try {
            return Files.size(archive) > 0
                    && !Files.getLastModifiedTime(archive).toInstant().isBefore(Files.getLastModifiedTime(jar).toInstant());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The JVM options for the next replica JVM started: use the archive if it is fresh, otherwise
     * record one into a file of this JVM's own. The JVM's warnings about archived classes are off:
     * they are about the archive, not the replica, and a replica's output is the operator's. Pass
     * the JVM started with them to {@link #started}.
     */
    List<String> jvmOptions() {
        pending = null;
        if (fresh()) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
        }
        pending = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + launches++ + ".tmp");
        return List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds*=off");
    }

    /** The JVM started with the options {@link #jvmOptions} returned last. */
    void started(Process process) {
        if (pending != null) {
            recordings.add(new Recording(pending, process));
            pending = null;
        }
    }

    /**
     * After every replica JVM has exited: the first recording of a JVM that exited through its
     * shutdown becomes the archive; the rest are deleted. A JVM killed with SIGKILL (as the bench's
     * faults and a stop that times out do) leaves none, or a partial one that must not be used.
     */
    void settle() {
        boolean kept = fresh();
        for (Recording r : recordings) {
            Path recording = r.file();
            try {
                if (!kept && exitedThroughShutdown(r.process()) && Files.isRegularFile(recording)
                        && Files.size(recording) > 0) {
                    Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    kept = true;
                } else {
                    Files.deleteIfExists(recording);
                }
            } catch (IOException e) {
                // Another group settled first, or the folder went away: this group runs without.
            }
        }
        recordings.clear();
    }

    private static boolean exitedThroughShutdown(Process p) {
        return !p.isAlive() && p.exitValue() != SIGKILL_EXIT;
    }

    Path archive() {
        return archive;
    }
}
