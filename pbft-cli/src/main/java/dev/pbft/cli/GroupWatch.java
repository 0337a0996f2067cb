package dev.pbft.cli;

import dev.pbft.replica.runtime.Replica;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code up} tells its operator about a running {@link LocalGroup}: one line when the group is
 * ready (2f+1 replicas run, each connected to at least 2f others), and one line for each replica
 * that exits, naming it, its exit code and what that code means, and how many still run.
 */
final class GroupWatch {
    private final LocalGroup group;
    private final int f;
    private final PrintStream out;
    private final boolean[] exitReported;
    private boolean readyReported;

    GroupWatch(LocalGroup group, int f, PrintStream out) {
        this.group = group;
        this.f = f;
        this.out = out;
        this.exitReported = new boolean[group.size()];
    }

    /** Reports what changed since the last call; returns how many replicas still run. */
    int poll() {
        int running = 0;
        List<Integer> serving = new ArrayList<>();
        Replica.Status any = null;
        for (int id = 0; id < group.size(); id++) {
            Optional<Integer> exit = group.exitCode(id);
            if (exit.isPresent()) {
                reportExit(id, exit.get());
                continue;
            }
            running++;
            exitReported[id] = false; // restarted
            Optional<Replica.Status> status = group.status(id);
            if (status.isPresent() && status.get().peersConnected() >= 2 * f) {
                serving.add(id);
                any = status.get();
            }
        }
        if (!readyReported && serving.size() >= 2 * f + 1) {
            readyReported = true;
            out.printf("up: ready: replicas %s serve (2f+1 = %d of %d needed), view %d, primary %d%n", serving,
                    2 * f + 1, group.size(), any.view(), any.primary());
        }
        return running;
    }

    private void reportExit(int id, int code) {
        if (exitReported[id]) {
            return;
        }
        exitReported[id] = true;
        int left = 0;
        for (int other = 0; other < group.size(); other++) {
            left += group.exitCode(other).isEmpty() ? 1 : 0;
        }
        out.printf("up: replica %d exited with code %d (%s); %d of %d still run%s%n", id, code, meaning(code), left,
                group.size(), left >= 2 * f + 1 ? "" : ", fewer than the 2f+1 = " + (2 * f + 1) + " the group needs");
    }

    /** What a replica's exit code says; its own last lines, above, say the rest. */
    static String meaning(int code) {
        return switch (code) {
            case 0 -> "stopped";
            case Main.EXIT_FAILED -> "failed; see its last lines";
            case Main.EXIT_USAGE -> "bad arguments or a refused config";
            case Main.EXIT_KEY -> "a key missing, unreadable or not the config's";
            case Main.EXIT_ADDRESS -> "could not listen on its address";
            case 130 -> "interrupted (SIGINT)";
            case 137 -> "killed (SIGKILL)";
            case 143 -> "terminated (SIGTERM)";
            default -> "see its last lines";
        };
    }
}
