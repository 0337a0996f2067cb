package dev.pbft.bench.load;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault to inject during the measured part of a run, written as {@code kind:arguments}.
 * Kinds that work today:
 * <ul>
 *   <li>{@code kill:<replicaId>@<seconds>s}: SIGKILL replica {@code replicaId} that many seconds
 *       (decimals allowed) into the measured part, e.g. {@code kill:3@5s}.</li>
 * </ul>
 * Byzantine replicas and clients and network faults (DESIGN.md section 6) will be further
 * permitted subtypes; {@link #parse} reports every known kind on a bad input, so adding a kind is
 * adding a record and a case.
 */
public sealed interface FaultSpec permits FaultSpec.KillReplica {

    /** The syntax of every known kind, as shown in error messages and help texts. */
    String KNOWN_KINDS = "kill:<replicaId>@<seconds>s (e.g. kill:3@5s)";

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
            case "kill" -> KillReplica.parseArguments(trimmed, args);
            default -> throw new IllegalArgumentException("fault '" + trimmed + "': unknown kind '" + kind
                    + "'; expected one of: " + KNOWN_KINDS);
        };
    }

    /**
     * SIGKILL one replica: no shutdown, no goodbye, like a crash. The caller of the engine
     * supplies the killer, since only it knows how the replicas run.
     *
     * @param replicaId  the replica to kill, 0..n-1
     * @param atSeconds  seconds into the measured part
     */
    record KillReplica(int replicaId, double atSeconds) implements FaultSpec {
        private static final Pattern ARGS = Pattern.compile("(\\d+)@(\\d+(?:\\.\\d+)?)s");
        private static final String EXPECTED = "expected kill:<replicaId>@<seconds>s, e.g. kill:3@5s";

        public KillReplica {
            if (replicaId < 0) {
                throw new IllegalArgumentException("replica id must be >= 0, got " + replicaId);
            }
            if (!(atSeconds >= 0) || Double.isInfinite(atSeconds)) {
                throw new IllegalArgumentException("fault time must be a finite number of seconds >= 0, got " + atSeconds);
            }
        }

        static KillReplica parseArguments(String whole, String args) {
            Matcher m = ARGS.matcher(args.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("fault '" + whole + "': cannot read '" + args + "'; " + EXPECTED);
            }
            int id;
            try {
                id = Integer.parseInt(m.group(1));
            } catch (NumberFormatException tooLarge) {
                throw new IllegalArgumentException("fault '" + whole + "': replica id " + m.group(1)
                        + " is out of range; " + EXPECTED);
            }
            return new KillReplica(id, Double.parseDouble(m.group(2)));
        }

        @Override
        public String text() {
            // Whole seconds print without ".0" so that the canonical form reads like the input.
            String seconds = atSeconds == Math.rint(atSeconds) && atSeconds < 1e15
                    ? Long.toString((long) atSeconds) : Double.toString(atSeconds);
            return "kill:" + replicaId + "@" + seconds + "s";
        }
    }
}
