package dev.pbft.bench.load;

import dev.pbft.sim.ReplicaAttack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * and the attacks of {@link Attack}: a replica turning Byzantine ({@code equivocates:0@20s}, any
 * behaviour of {@link ReplicaAttack#names()}) or a faulty client ({@code big-mac-client@20s}, any
 * of {@link ClientAttacker#KINDS}). {@link #parse} reports every known kind on a bad input.
 */
public sealed interface FaultSpec permits FaultSpec.KillReplica, FaultSpec.RestartReplica, FaultSpec.Attack {

    /** The syntax of every known kind, as shown in error messages and help texts. */
    String KNOWN_KINDS = "kill:<replicaId>@<seconds>s (e.g. kill:3@5s), restart:<replicaId>@<seconds>s (e.g. restart:3@20s),"
            + " restart-empty:<replicaId>@<seconds>s (a restart after losing its disk)";

    /** The syntax of the attacks, as shown in error messages and help texts. */
    String KNOWN_ATTACKS = "<behaviour>:<replicaId>@<seconds>s with a behaviour of "
            + String.join(", ", ReplicaAttack.names()) + "; or <client-attack>@<seconds>s with one of "
            + String.join(", ", ClientAttacker.KINDS);

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
        FaultSpec attack = Attack.parse(trimmed);
        if (attack != null) {
            return attack;
        }
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

    /**
     * A Byzantine behaviour that starts at a time and lasts to the end: replica {@code replicaId}
     * takes on simulator behaviour {@code behaviour}, or, with {@code replicaId} -1, a faulty client
     * of kind {@code behaviour} starts sending.
     *
     * @param behaviour a name of {@link ReplicaAttack#names()} or {@link ClientAttacker#KINDS}
     * @param replicaId the replica for a replica behaviour; -1 for a client attack
     * @param atSeconds seconds into the measured part
     */
    record Attack(String behaviour, int replicaId, double atSeconds) implements FaultSpec {
        private static final Pattern AT = Pattern.compile("@(\\d+(?:\\.\\d+)?)s");

        public Attack {
            if (replicaId < 0 ? !ClientAttacker.KINDS.contains(behaviour) : !ReplicaAttack.names().contains(behaviour)) {
                throw new IllegalArgumentException("no " + (replicaId < 0 ? "client attack" : "replica behaviour") + " '"
                        + behaviour + "'; expected " + KNOWN_ATTACKS);
            }
            FaultArgs.check(Math.max(0, replicaId), atSeconds);
        }

        /** Whether this is a faulty client rather than a Byzantine replica. */
        public boolean client() {
            return replicaId < 0;
        }

        @Override
        public String text() {
            return behaviour + (client() ? "" : ":" + replicaId) + "@" + FaultArgs.seconds(atSeconds) + "s";
        }

        /** The attack {@code text} names, or null if it names none. */
        static Attack parse(String text) {
            int cut = text.indexOf(':') >= 0 ? text.indexOf(':') : text.indexOf('@');
            String kind = (cut < 0 ? text : text.substring(0, cut)).toLowerCase(Locale.ROOT);
            if (ClientAttacker.KINDS.contains(kind)) {
                Matcher m = AT.matcher(text.substring(kind.length()));
                if (!m.matches()) {
                    throw new IllegalArgumentException("attack '" + text + "': expected " + kind + "@<seconds>s, e.g. "
                            + kind + "@20s");
                }
                return new Attack(kind, -1, Double.parseDouble(m.group(1)));
            }
            if (ReplicaAttack.names().contains(kind)) {
                FaultArgs r = FaultArgs.parse(kind, text, cut < 0 ? "" : text.substring(cut + 1));
                return new Attack(kind, r.replicaId(), r.atSeconds());
            }
            return null;
        }
    }
}
