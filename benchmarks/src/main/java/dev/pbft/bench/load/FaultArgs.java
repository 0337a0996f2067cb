package dev.pbft.bench.load;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code <replicaId>@<seconds>s} arguments shared by kill and restart. */
record FaultArgs(int replicaId, double atSeconds) {
    private static final Pattern ARGS = Pattern.compile("(\\d+)@(\\d+(?:\\.\\d+)?)s");

    static FaultArgs parse(String kind, String whole, String args) {
        String expected = "expected " + kind + ":<replicaId>@<seconds>s, e.g. " + kind + (kind.equals("kill") ? ":3@5s" : ":3@20s");
        Matcher m = ARGS.matcher(args.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("fault '" + whole + "': cannot read '" + args + "'; " + expected);
        }
        int id;
        try {
            id = Integer.parseInt(m.group(1));
        } catch (NumberFormatException tooLarge) {
            throw new IllegalArgumentException("fault '" + whole + "': replica id " + m.group(1)
                    + " is out of range; " + expected);
        }
        return new FaultArgs(id, Double.parseDouble(m.group(2)));
    }

    static void check(int replicaId, double atSeconds) {
        if (replicaId < 0) {
            throw new IllegalArgumentException("replica id must be >= 0, got " + replicaId);
        }
        if (!(atSeconds >= 0) || Double.isInfinite(atSeconds)) {
            throw new IllegalArgumentException("fault time must be a finite number of seconds >= 0, got " + atSeconds);
        }
    }

    /** Whole seconds print without ".0" so that the canonical form reads like the input. */
    static String seconds(double atSeconds) {
        return atSeconds == Math.rint(atSeconds) && atSeconds < 1e15
                ? Long.toString((long) atSeconds) : Double.toString(atSeconds);
    }
}
