package dev.pbft.bench.report;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders a tree of plain values as indented JSON: {@link Map} (string keys, iteration order
 * kept, so pass a {@code LinkedHashMap}), {@link List}, {@link CharSequence}, {@link Number},
 * {@link Boolean} and {@code null}. Non-finite doubles become {@code null}, since JSON has no NaN.
 * Hand-written so that the benchmarks need no JSON library.
 */
public final class Json {
    private Json() {
    }

    /** The JSON text of {@code value}, ending without a newline. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    /** {@code text} as a JSON string literal, quotes included. */
    public static String quote(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Other control characters must be escaped; U+2028/2029 too, for JavaScript readers.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence s) {
            out.append(quote(s));
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? number(d) : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, map, depth);
        } else if (value instanceof List<?> list) {
            writeList(out, list, depth);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
            }
            newline(out, depth + 1);
            out.append(quote(key)).append(": ");
            write(out, e.getValue(), depth + 1);
            if (it.hasNext()) {
                out.append(',');
            }
        }
        newline(out, depth);
        out.append('}');
    }

    /**
     * Lists of scalars stay on one line; other lists get one element per line, and an element
     * that is an object of scalars (a row of a series) stays on its line.
     */
    private static void writeList(StringBuilder out, List<?> list, int depth) {
        boolean flat = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (flat) {
                out.append(i == 0 ? "" : ", ");
            } else {
                newline(out, depth + 1);
            }
            if (list.get(i) instanceof Map<?, ?> row && isRow(row)) {
                writeRow(out, row);
            } else {
                write(out, list.get(i), depth + 1);
            }
            if (!flat && i < list.size() - 1) {
                out.append(',');
            }
        }
        if (!flat && !list.isEmpty()) {
            newline(out, depth);
        }
        out.append(']');
    }

    private static boolean isRow(Map<?, ?> map) {
        return !map.isEmpty() && map.values().stream().noneMatch(v -> v instanceof Map || v instanceof List);
    }

    private static void writeRow(StringBuilder out, Map<?, ?> row) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : row.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
            }
            out.append(first ? "" : ", ").append(quote(key)).append(": ");
            write(out, e.getValue(), 0);
            first = false;
        }
        out.append('}');
    }

    /** Whole numbers without a fraction; others in the shortest form that reads back the same. */
    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d); // e.g. 1.5, 2.5E-4: both valid JSON
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n').append("  ".repeat(depth));
    }
}
