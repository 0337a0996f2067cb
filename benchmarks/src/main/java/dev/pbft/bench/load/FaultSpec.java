package dev.pbft.bench.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A fault to inject during the measured part of a run, written as {@code kind:arguments}.
 * Kinds that work today:
 * <ul>
 *   <li>{@code kill:<replicaId>@<seconds>s}: SIGKILL replica {@code replicaId} that many seconds
 *       (decimals allowed) into the measured part, e.g. {@code kill:3@5s}.</li>
 *   <li>{@code restart:<replicaId>@<seconds>s}: start a killed replica again with the same
 *       arguments (and data directory, so it recovers from its journal), e.g. {@code restart:3@20s};
 *       it needs an earlier kill of the same replica, see {@link #checkSchedule}.</li>
 *   <li>{@code restart-empty:<replicaId>@<seconds>s}: the same, but as a replica whose disk was
 *       lost: it starts with nothing (no journal, no images, no preloaded keys) and fetches the
 *       whole state from the others.</li>
 * </ul>
 * Byzantine replicas and clients and network faults (DESIGN.md section 6) will be further
 * permitted subtypes; {@link #parse} reports every known kind on a bad input, so adding a kind is
 * adding a record and a case.
 */
public sealed interface FaultSpec permits FaultSpec.KillReplica, FaultSpec.RestartReplica {

    /** The syntax of every known kind, as shown in error messages and help texts. */
    String KNOWN_KINDS = "kill:<replicaId>@<seconds>s (e.g. kill:3@5s), restart:<replicaId>@<seconds>s (e.g. restart:3@20s),"
            + " restart-empty:<replicaId>@<seconds>s (a restart after losing its disk)";

    /** Seconds into the measured part at which the fault starts; >= 0. */
    double atSeconds();

    /** The canonical text form; {@code parse(f.text())} equals {@code f}. */
    String text();

    /**
     * Parses one fault.
     *
     * @throws IllegalArgumentException naming the input, what is wrong and what was expected
     */
    static FaultSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty fault; expected one of: " + KNOWN_KINDS);
        }
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        String kind = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
        String args = colon < 0 ? "" : trimmed.substring(colon + 1);
        return switch (kind) {
            case "kill" -> {
                FaultArgs r = FaultArgs.parse("kill", trimmed, args);
                yield new KillReplica(r.replicaId(), r.atSeconds());
            }
            case "restart", "restart-empty" -> {
                FaultArgs r = FaultArgs.parse(kind, trimmed, args);
                yield new RestartReplica(r.replicaId(), r.atSeconds(), kind.equals("restart-empty"));
            }
            default -> throw new IllegalArgumentException("fault '" + trimmed + "': unknown kind '" + kind
                    + "'; expected one of: " + KNOWN_KINDS);
        };
    }

    /**
     * Checks that the faults make sense as a timeline, in the order of their times: a restart needs
     * the replica killed strictly earlier and not restarted since; a kill needs it running (not
     * killed and not yet restarted).
     *
     * @throws IllegalArgumentException naming the first fault that does not fit
     */
    static void checkSchedule(List<FaultSpec> faults) {
        List<FaultSpec> byTime = new ArrayList<>(faults);
        byTime.sort(Comparator.comparingDouble(FaultSpec::atSeconds)); // stable: ties keep the given order
        Set<Integer> down = new HashSet<>();
        for (int i = 0; i < byTime.size(); i++) {
            FaultSpec f = byTime.get(i);
            if (f instanceof KillReplica k && !down.add(k.replicaId())) {
                throw new IllegalArgumentException("fault " + f.text() + ": replica " + k.replicaId()
                        + " is already killed by then; expected a restart:" + k.replicaId() + "@<seconds>s in between");
            }
            if (f instanceof RestartReplica r) {
                boolean killedEarlier = false;
                for (int j = 0; j < i; j++) {
                    if (byTime.get(j) instanceof KillReplica k && k.replicaId() == r.replicaId()
                            && k.atSeconds() < r.atSeconds()) {
                        killedEarlier = true;
                    }
                }
                if (!killedEarlier || !down.remove(r.replicaId())) {
                    throw new IllegalArgumentException("fault " + f.text() + ": replica " + r.replicaId()
                            + " is running then; a restart needs an earlier kill:" + r.replicaId() + "@<seconds>s");
                }
            }
        }
    }

    /**
     * SIGKILL one replica: no shutdown, no goodbye, like a crash. The caller of the engine
     * supplies the killer, since only it knows how the replicas run.
     *
     * @param replicaId  the replica to kill, 0..n-1
     * @param atSeconds  seconds into the measured part
     */
    record KillReplica(int replicaId, double atSeconds) implements FaultSpec {
        public KillReplica {
            FaultArgs.check(replicaId, atSeconds);
        }

        @Override
        public String text() {
            return "kill:" + replicaId + "@" + FaultArgs.seconds(atSeconds) + "s";
        }
    }

    /**
     * Start a killed replica again, with the arguments it had, so that it recovers from whatever it
     * kept (its journal, or nothing in memory mode) and catches up with the group. The caller of
     * the engine supplies the restarter.
     *
     * @param replicaId  the replica to start, 0..n-1
     * @param atSeconds  seconds into the measured part
     * @param diskLost   it starts with nothing kept, as after losing its disk, and must fetch the state
     */
    record RestartReplica(int replicaId, double atSeconds, boolean diskLost) implements FaultSpec {
        public RestartReplica {
            FaultArgs.check(replicaId, atSeconds);
        }

        /** A restart that keeps the replica's data. */
        public RestartReplica(int replicaId, double atSeconds) {
            this(replicaId, atSeconds, false);
        }

        @Override
        public String text() {
            return (diskLost ? "restart-empty:" : "restart:") + replicaId + "@" + FaultArgs.seconds(atSeconds) + "s";
        }
    }
}
