package dev.pbft.cli;

import dev.pbft.replica.runtime.Replica;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Replicas of one config as child JVMs on this host, started with the same classpath as this
 * process. Their output is copied to ours, each line prefixed with the replica's tag. Each keeps
 * its status in a file ({@code --status-file}: {@code data/replica-<id>/status} beside the config,
 * or {@code status/replica-<id>} there in memory mode) that {@link #status} reads. Thread-safe.
 */
public final class LocalGroup implements AutoCloseable {
    private final Path config;
    private final List<String> extraArgs;
    /** Arguments for some replicas only, after {@link #extraArgs} (a benchmark's Byzantine replica). */
    private final Map<Integer, List<String>> perReplicaArgs;
    private final Process[] processes;
    private final List<Thread> pumps;
    private final long heapMiB;
    private final PrintStream output;
    private final Optional<ClassArchive> classes = ClassArchive.forThisJvm();
    /** Closes the group when this JVM exits on a signal: a try-with-resources block does not run then. */
    private final Thread closeOnExit = new Thread(this::close, "pbft-group-shutdown");
    private boolean closed;
    /** Each replica JVM's heap unless told otherwise: several share one small machine. */
    static final long DEFAULT_HEAP_MIB = 512;

    private LocalGroup(Path config, List<String> extraArgs, Map<Integer, List<String>> perReplicaArgs, long heapMiB,
                       Process[] processes, List<Thread> pumps, PrintStream output) {
        this.perReplicaArgs = Map.copyOf(perReplicaArgs);
        this.heapMiB = heapMiB;
        this.output = output;
        this.config = config;
        this.extraArgs = extraArgs;
        this.processes = processes;
        this.pumps = pumps;
    }

    /** Starts replicas 0..n-1 of {@code config} running {@code service} ("kv" or "null"). */
    public static LocalGroup start(Path config, int n, String service) throws IOException {
        return start(config, n, List.of("--service", service));
    }

    /**
     * Starts replicas 0..n-1 of {@code config}, each as {@code pbft replica --config F --id N}
     * followed by {@code extraArgs} (e.g. {@code --service null --reply-bytes 1024}).
     */
    public static LocalGroup start(Path config, int n, List<String> extraArgs) throws IOException {
        return start(config, n, extraArgs, DEFAULT_HEAP_MIB);
    }

    /** As {@link #start(Path, int, List)}, each replica with a heap of {@code heapMiB}. */
    public static LocalGroup start(Path config, int n, List<String> extraArgs, long heapMiB) throws IOException {
        return start(config, n, extraArgs, heapMiB, System.err);
    }

    /** As {@link #start(Path, int, List, long)}, copying the replicas' output to {@code output}. */
    static LocalGroup start(Path config, int n, List<String> extraArgs, long heapMiB, PrintStream output)
            throws IOException {
        return start(config, n, extraArgs, Map.of(), heapMiB, output);
    }

    /** As {@link #start(Path, int, List, long)}, replica i with {@code perReplicaArgs.get(i)} added. */
    static LocalGroup start(Path config, int n, List<String> extraArgs, Map<Integer, List<String>> perReplicaArgs,
                            long heapMiB, PrintStream output) throws IOException {
        LocalGroup group = new LocalGroup(config, List.copyOf(extraArgs), perReplicaArgs, heapMiB, new Process[n],
                new ArrayList<>(), output);
        Runtime.getRuntime().addShutdownHook(group.closeOnExit);
        for (int id = 0; id < n; id++) {
            group.launch(id);
        }
        return group;
    }

    /** Where replica {@code id} keeps its status; see {@link StatusFile}. */
    public Path statusFile(int id) {
        Path folder = config.toAbsolutePath().getParent();
        return extraArgs.contains("--in-memory") ? folder.resolve("status").resolve("replica-" + id)
                : folder.resolve("data").resolve("replica-" + id).resolve("status");
    }

    /** Replica {@code id}'s latest status; empty while it is not running or has not written one yet. */
    public Optional<Replica.Status> status(int id) {
        return isAlive(id) ? StatusFile.read(statusFile(id)) : Optional.empty();
    }

    private synchronized void launch(int id) throws IOException {
        launch(id, extraArgs);
    }

    private synchronized void launch(int id, List<String> replicaArgs) throws IOException {
        Files.deleteIfExists(statusFile(id)); // a previous life's status is not this one's
        List<String> args = new ArrayList<>(replicaArgs);
        args.addAll(perReplicaArgs.getOrDefault(id, List.of()));
        args.addAll(List.of("--status-file", statusFile(id).toString()));
        processes[id] = startReplica(id, args);
        pumps.add(pump(processes[id], "[r" + id + "] ", output));
    }

    /**
     * Starts replica {@code id} again, after {@link #kill}, with the arguments it had: with the same
     * data directory it recovers from its journal and catches up with the group.
     *
     * @throws IllegalStateException if it is still running
     */
    public synchronized void restart(int id) throws IOException {
        if (processes[id].isAlive()) {
            throw new IllegalStateException("replica " + id + " is still running");
        }
        launch(id);
    }

    /**
     * Starts replica {@code id} again, after {@link #kill}, as a replica whose disk was lost: its data
     * directory is deleted and it starts with {@code --lost-disk} and without preloaded keys, so it
     * fetches the whole state from the others (and takes part in no agreement until it is past
     * anything it may have voted on before).
     *
     * @throws IllegalStateException if it is still running
     */
    public synchronized void restartWithLostDisk(int id) throws IOException {
        if (processes[id].isAlive()) {
            throw new IllegalStateException("replica " + id + " is still running");
        }
        Path data = config.toAbsolutePath().getParent().resolve("data").resolve("replica-" + id);
        if (Files.exists(data)) {
            try (var paths = Files.walk(data)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        launch(id, withoutPreload(extraArgs));
    }

    /** {@code args} without the preload options and their values, with {@code --lost-disk}. */
    private static List<String> withoutPreload(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).startsWith("--kv-preload")) {
                i++; // and its value
            } else {
                out.add(args.get(i));
            }
        }
        if (!out.contains("--in-memory")) {
            out.add("--lost-disk");
        }
        return out;
    }

    private Process startReplica(int id, List<String> extraArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small heaps and the serial collector: several replica JVMs share one small machine. The
        // heap is sized up front: growing it meant full collections of up to 0.7 s in a replica
        // fetching a 256 MiB state, on the cores the rest of the group was serving with.
        command.add("-Xms" + heapMiB + "m");
        command.add("-Xmx" + heapMiB + "m");
        command.add("-XX:+UseSerialGC");
        classes.ifPresent(c -> command.addAll(c.jvmOptions()));
        String extra = System.getenv("PBFT_REPLICA_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of("replica", "--config", config.toString(), "--id", Integer.toString(id)));
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        classes.ifPresent(c -> c.started(process));
        return process;
    }

    private static Thread pump(Process p, String prefix, PrintStream to) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    to.println(prefix + line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "pbft-output-" + prefix.trim());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Kills replica {@code id} with SIGKILL: no shutdown hook, no goodbye, like a crash. */
    public void kill(int id) throws InterruptedException {
        process(id).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Replica {@code id}'s exit code once its process has ended; empty while it runs. */
    public Optional<Integer> exitCode(int id) {
        Process p = process(id);
        return p.isAlive() ? Optional.empty() : Optional.of(p.exitValue());
    }

    public boolean isAlive(int id) {
        return process(id).isAlive();
    }

    private synchronized Process process(int id) {
        return processes[id];
    }

    public int size() {
        return processes.length;
    }

    /** Blocks until any replica process exits. */
    public void awaitAnyExit() throws InterruptedException {
        while (true) {
            for (int id = 0; id < processes.length; id++) {
                if (process(id).waitFor(100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        }
    }

    /**
     * Stops every replica with SIGTERM, then SIGKILL for any that has not exited within 5 s. Also
     * runs when this JVM exits on SIGTERM or Ctrl-C; idempotent.
     */
    @Override
    public void close() {
        List<Process> all;
        List<Thread> outputs;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = java.util.Arrays.stream(processes).filter(java.util.Objects::nonNull).toList();
            outputs = List.copyOf(pumps);
        }
        if (Thread.currentThread() != closeOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException exiting) {
                // The JVM is exiting: the hook runs, and finds the group closed.
            }
        }
        for (Process p : all) {
            // SIGTERM through the handle: Process.destroy() also closes our end of the replica's
            // output at once, which lost its shutdown summary (and made its last writes fail).
            p.toHandle().destroy();
        }
        for (Process p : all) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Thread t : outputs) {
            try {
                t.join(2_000); // let the replicas' last lines (their shutdown summaries) through
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            classes.ifPresent(ClassArchive::settle);
        }
    }
}
