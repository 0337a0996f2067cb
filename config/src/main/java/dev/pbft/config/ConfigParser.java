package dev.pbft.config;

import dev.pbft.config.ConfigLines.Entry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a config file into a {@link ClusterConfig}, collecting every error instead of stopping
 * at the first, so an operator fixes a file in one round.
 */
final class ConfigParser {

    // Underscores are allowed between digits so that 1_048_576 can be written as in the docs.
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+(_[0-9]+)*");

    private final Errors errors;
    private final Path folder;

    private ConfigParser(Path file) {
        this.errors = new Errors(file);
        Path parent = file.toAbsolutePath().normalize().getParent();
        this.folder = parent == null ? file.toAbsolutePath().getRoot() : parent;
    }

    static ClusterConfig parse(Path file) throws ConfigException {
        return new ConfigParser(file).run(file);
    }

    private ClusterConfig run(Path file) throws ConfigException {
        List<Entry> entries = ConfigLines.read(file, errors);
        if (entries == null) {
            errors.throwIfAny();
        }
        Map<String, Entry> seen = new HashMap<>();
        Entry fEntry = null;
        Entry clientsDir = null;
        Map<Parameter, Entry> paramEntries = new EnumMap<>(Parameter.class);
        PrincipalParser principals = new PrincipalParser(this);
        for (Entry e : entries) {
            Entry previous = seen.putIfAbsent(e.key(), e);
            if (previous != null) {
                error(e, "key appears on lines " + previous.line() + " and " + e.line() + "; expected each key once");
                continue;
            }
            KeyNames.Kind kind = KeyNames.classify(e.key());
            if (kind instanceof KeyNames.Fixed fixed) {
                if (fixed.key().equals(KeyNames.F)) {
                    fEntry = e;
                } else {
                    clientsDir = e;
                }
            } else if (kind instanceof KeyNames.Param param) {
                paramEntries.put(param.parameter(), e);
            } else if (kind instanceof KeyNames.ReplicaKey replicaKey) {
                principals.addReplicaEntry(replicaKey, e);
            } else if (kind instanceof KeyNames.ClientKey clientKey) {
                principals.addClientEntry(clientKey, e);
            } else {
                error(e, "unknown key; " + KeyNames.suggestion(e.key()));
            }
        }
        int f = parseF(fEntry, principals.replicaCount());
        ProtocolParams params = parseParams(paramEntries);
        var replicas = principals.replicas();
        var clients = principals.clients(clientsDir);
        errors.throwIfAny();
        return ClusterConfig.validated(file, f, replicas, clients, params);
    }

    /** "4 replicas are needed for f=1 (n >= 3f+1), found 3". */
    static String tooFewReplicas(int f, int n) {
        int needed = 3 * f + 1;
        return needed + (needed == 1 ? " replica is" : " replicas are") + " needed for f=" + f
                + " (n >= 3f+1), found " + n;
    }

    private int parseF(Entry fEntry, int n) {
        Integer f = null;
        if (fEntry == null) {
            errors.add(0, KeyNames.F, "missing; expected f = the number of faulty replicas to tolerate, "
                    + "e.g. f = 1 with 4 replicas");
        } else {
            f = parseInt(fEntry, 0, ClusterConfig.F_MAX);
        }
        if (f == null) {
            if (n == 0) { // without a valid f the 3f+1 check below cannot say this
                errors.add(0, "replica.0", "no replicas; expected replica.0 = HOST:PORT, replica.1 = HOST:PORT, ...");
            }
            return -1;
        }
        if (n < 3 * f + 1) {
            // Points at f: the count of replica lines has no line of its own.
            error(fEntry, tooFewReplicas(f, n) + "; expected at least " + (3 * f + 1)
                    + " replica.<id> = HOST:PORT entries, or a smaller f");
        }
        return f;
    }

    private ProtocolParams parseParams(Map<Parameter, Entry> entries) {
        int[] values = new int[Parameter.values().length];
        boolean[] bad = new boolean[values.length];
        for (Parameter p : Parameter.values()) {
            values[p.ordinal()] = p.defaultValue();
            Entry e = entries.get(p);
            if (e != null) {
                Integer v = parseInt(e, p.min(), p.max());
                bad[p.ordinal()] = v == null;
                values[p.ordinal()] = v == null ? p.defaultValue() : v;
            }
        }
        for (ProtocolParams.Violation v : ProtocolParams.violations(values)) {
            if (bad[v.subject().ordinal()] || bad[v.other().ordinal()]) {
                continue; // already reported; the cross-check would only repeat it
            }
            Entry blamed = entries.containsKey(v.subject()) ? entries.get(v.subject()) : entries.get(v.other());
            errors.add(blamed == null ? 0 : blamed.line(), blamed == null ? v.subject().key() : blamed.key(), v.message());
        }
        return ProtocolParams.ofChecked(values);
    }

    /** The value as an int in [min, max], or null after recording an error. */
    Integer parseInt(Entry e, int min, int max) {
        String expected = "expected an integer from " + min + " to " + max;
        String value = e.value();
        if (value.isEmpty()) {
            error(e, "empty value; " + expected);
            return null;
        }
        if (!INTEGER.matcher(value).matches()) {
            error(e, "'" + value + "' is not an integer; " + expected);
            return null;
        }
        String digits = value.replace("_", "");
        long parsed = digits.length() > 12 ? (digits.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE)
                : Long.parseLong(digits);
        if (parsed < min || parsed > max) {
            error(e, value + " is out of range; " + expected);
            return null;
        }
        return (int) parsed;
    }

    /** The entry's value as a path resolved against the config file's folder, or null after an error. */
    Path resolvePath(Entry e, String what) {
        if (e.value().isEmpty()) {
            error(e, "empty value; expected the path of " + what + ", relative to the config file's folder or absolute");
            return null;
        }
        try {
            return folder.resolve(e.value()).normalize();
        } catch (InvalidPathException ex) {
            error(e, "'" + e.value() + "' is not a valid path (" + ex.getReason() + "); expected the path of " + what);
            return null;
        }
    }

    void error(Entry e, String message) {
        errors.add(e.line(), e.key(), message);
    }
}
