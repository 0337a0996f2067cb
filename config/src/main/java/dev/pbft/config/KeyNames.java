package dev.pbft.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The grammar of config keys: what a key names, and the nearest known key for a typo. */
final class KeyNames {

    static final String F = "f";
    static final String CLIENTS_DIR = "clients.dir";
    static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final String CLIENT_NAME_RULE = "1 to 32 characters from A-Z a-z 0-9 _ -";
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** The per-principal fields; a client has all but {@link #ADDRESS}. */
    enum Field {
        ADDRESS(""), PUBLIC_KEY(".public-key"), PUBLIC_KEY_FILE(".public-key-file"),
        PRIVATE_KEY_FILE(".private-key-file");

        final String suffix;

        Field(String suffix) {
            this.suffix = suffix;
        }
    }

    /** What a key names. */
    sealed interface Kind permits Fixed, Param, ReplicaKey, ClientKey, Unknown {
    }

    /** {@code f} or {@code clients.dir}. */
    record Fixed(String key) implements Kind {
    }

    record Param(Parameter parameter) implements Kind {
    }

    /** {@code replica.<idText><field suffix>}; idText is not yet validated. */
    record ReplicaKey(String idText, Field field) implements Kind {
    }

    /** {@code client.<name><field suffix>}; name is not yet validated. */
    record ClientKey(String name, Field field) implements Kind {
    }

    record Unknown() implements Kind {
    }

    private KeyNames() {
    }

    static Kind classify(String key) {
        if (key.equals(F) || key.equals(CLIENTS_DIR)) {
            return new Fixed(key);
        }
        // Parameters first: client.timeout.millis must not read as a client named "timeout".
        var param = Parameter.byKey(key);
        if (param.isPresent()) {
            return new Param(param.get());
        }
        if (key.startsWith("replica.")) {
            String rest = key.substring("replica.".length());
            for (Field field : List.of(Field.PUBLIC_KEY_FILE, Field.PRIVATE_KEY_FILE, Field.PUBLIC_KEY)) {
                if (rest.endsWith(field.suffix) && rest.length() > field.suffix.length()) {
                    return new ReplicaKey(rest.substring(0, rest.length() - field.suffix.length()), field);
                }
            }
            if (!rest.isEmpty() && rest.indexOf('.') < 0) {
                return new ReplicaKey(rest, Field.ADDRESS);
            }
        } else if (key.startsWith("client.")) {
            String rest = key.substring("client.".length());
            for (Field field : List.of(Field.PUBLIC_KEY_FILE, Field.PRIVATE_KEY_FILE, Field.PUBLIC_KEY)) {
                if (rest.endsWith(field.suffix) && rest.length() > field.suffix.length()) {
                    return new ClientKey(rest.substring(0, rest.length() - field.suffix.length()), field);
                }
            }
        }
        return new Unknown();
    }

    /** A replica id as written, or -1 if it is not a non-negative int. */
    static int parseReplicaId(String idText) {
        if (!DIGITS.matcher(idText).matches() || idText.length() > 9) {
            return -1; // 9 digits keep the parse inside int; larger ids cannot be 0..n-1 anyway
        }
        return Integer.parseInt(idText);
    }

    /** "did you mean 'x'?" for the nearest known key, else a short list of what is allowed. */
    static String suggestion(String key) {
        String best = null;
        if (key.length() > 80) { // no real key is this long; spare the quadratic distance
            return hint();
        }
        int bestDistance = Integer.MAX_VALUE;
        String lower = key.toLowerCase(Locale.ROOT);
        for (String candidate : candidates(key)) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // Allow about one typo per four characters, so that short keys do not attract everything.
        if (best != null && bestDistance <= Math.max(1, Math.min(3, best.length() / 4))) {
            return "did you mean '" + best + "'?";
        }
        return hint();
    }

    private static String hint() {
        return "expected one of f, replica.<id>, replica.<id>.public-key, replica.<id>.public-key-file, "
                + "replica.<id>.private-key-file, client.<name>.public-key, client.<name>.public-key-file, "
                + "client.<name>.private-key-file, clients.dir or a protocol parameter such as "
                + Parameter.CHECKPOINT_INTERVAL.key();
    }

    /** Known keys, with the id or client name taken from the typo's second segment. */
    private static List<String> candidates(String key) {
        String[] segments = key.split("\\.", -1);
        String id = segments.length > 1 && !segments[1].isEmpty() ? segments[1] : "<id>";
        List<String> out = new ArrayList<>(List.of(F, CLIENTS_DIR));
        for (Parameter p : Parameter.values()) {
            out.add(p.key());
        }
        for (Field field : Field.values()) {
            out.add("replica." + id + field.suffix);
        }
        for (Field field : Field.values()) {
            if (field != Field.ADDRESS) {
                out.add("client." + id + field.suffix);
            }
        }
        return out;
    }

    /** Optimal string alignment distance: edits plus adjacent swaps, each costing 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
