package dev.pbft.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table and chart of {@code bench --attacks}: throughput and p99 latency under each attack and
 * the throughput's ratio to the fault-free run, as Markdown, JSON and an SVG bar chart.
 */
public final class AttackReport {
    /** The share of fault-free throughput every attack must leave (issue target, Aardvark's bar raised). */
    public static final double TARGET_RATIO = 0.7;

    /**
     * One run.
     *
     * @param attack       the attack's text form, or "fault-free"
     * @param opsPerSecond mean throughput of the measured part
     * @param p99Millis    99th percentile latency
     * @param errors       failed invocations
     */
    public record Row(String attack, double opsPerSecond, double p99Millis, long errors) {
    }

    private AttackReport() {
    }

    /** Writes attacks.md, attacks.json and attacks.svg to {@code dir}; the first row is the fault-free run. */
    public static void write(Path dir, List<Row> rows) throws IOException {
        Files.writeString(dir.resolve("attacks.md"), markdown(rows));
        Files.writeString(dir.resolve("attacks.json"), json(rows));
        Files.writeString(dir.resolve("attacks.svg"), svg(rows));
    }

    /**
     * One row per attack over several passes of the same suite: the median throughput and the
     * median p99 (the upper median for an even count), and the failed invocations of every pass
     * added up. Every pass must list the same attacks in the same order, the fault-free run first.
     *
     * @throws IllegalArgumentException if there is no pass or the passes list different attacks
     */
    public static List<Row> medians(List<List<Row>> passes) {
        if (passes.isEmpty()) {
            throw new IllegalArgumentException("no pass to take medians of");
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < passes.get(0).size(); i++) {
            String attack = passes.get(0).get(i).attack();
            List<Row> runs = new ArrayList<>();
            for (List<Row> pass : passes) {
                if (pass.size() != passes.get(0).size() || !pass.get(i).attack().equals(attack)) {
                    throw new IllegalArgumentException("the passes list different attacks at row " + (i + 1));
                }
                runs.add(pass.get(i));
            }
            out.add(new Row(attack, median(runs.stream().mapToDouble(Row::opsPerSecond).toArray()),
                    median(runs.stream().mapToDouble(Row::p99Millis).toArray()),
                    runs.stream().mapToLong(Row::errors).sum()));
        }
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * The table of {@link #medians} with each pass's ratio beside the median's, so a reader sees how
     * far the passes were apart.
     */
    public static String markdown(List<Row> medians, List<List<Row>> passes) {
        Row clean = medians.get(0);
        StringBuilder sb = new StringBuilder(
                "| attack | ops/s | p99 ms | ratio | errors | ratio per pass |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < medians.size(); i++) {
            Row r = medians.get(i);
            double ratio = ratio(r, clean);
            List<String> each = new ArrayList<>();
            for (List<Row> pass : passes) {
                each.add(String.format(Locale.ROOT, "%.2f", ratio(pass.get(i), pass.get(0))));
            }
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %.2f%s | %d | %s |%n", r.attack(), r.opsPerSecond(),
                    r.p99Millis(), ratio, ratio < TARGET_RATIO ? " (below " + TARGET_RATIO + ")" : "", r.errors(),
                    String.join(", ", each)));
        }
        return sb.toString();
    }

    /**
     * Writes the medians of several passes to {@code dir}: attacks.md with each pass's ratio beside
     * the median's, attacks.json and attacks.svg of the medians.
     */
    public static void write(Path dir, List<Row> medians, List<List<Row>> passes) throws IOException {
        Files.writeString(dir.resolve("attacks.md"), markdown(medians, passes));
        Files.writeString(dir.resolve("attacks.json"), json(medians));
        Files.writeString(dir.resolve("attacks.svg"), svg(medians));
    }

    /** Throughput of {@code row} over the fault-free row's. */
    public static double ratio(Row row, Row clean) {
        return clean.opsPerSecond() == 0 ? 0 : row.opsPerSecond() / clean.opsPerSecond();
    }

    /** The Markdown table, one line per run, with the ratio and whether it meets {@link #TARGET_RATIO}. */
    public static String markdown(List<Row> rows) {
        Row clean = rows.get(0);
        StringBuilder sb = new StringBuilder("| attack | ops/s | p99 ms | ratio | errors |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            double ratio = ratio(r, clean);
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %.2f%s | %d |%n", r.attack(), r.opsPerSecond(),
                    r.p99Millis(), ratio, ratio < TARGET_RATIO ? " (below " + TARGET_RATIO + ")" : "", r.errors()));
        }
        return sb.toString();
    }

    private static String json(List<Row> rows) {
        List<Object> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("attack", r.attack());
            m.put("opsPerSecond", Math.round(r.opsPerSecond() * 10) / 10.0);
            m.put("p99Millis", r.p99Millis());
            m.put("ratio", Math.round(ratio(r, rows.get(0)) * 1000) / 1000.0);
            m.put("errors", r.errors());
            out.add(m);
        }
        return Json.write(out) + "\n";
    }

    /** Horizontal bars of the ratio, one per run, with the target as a line. */
    static String svg(List<Row> rows) {
        int barHeight = 18;
        int left = 220;
        int width = 420;
        int top = 30;
        int height = top + rows.size() * (barHeight + 4) + 30;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", left + width + 120, height));
        sb.append("<text x=\"10\" y=\"18\" font-weight=\"bold\">throughput under attack / fault-free (n=4, f=1)</text>\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double ratio = ratio(r, rows.get(0));
            int y = top + i * (barHeight + 4);
            int w = (int) Math.round(Math.min(ratio, 1.5) / 1.5 * width);
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left - 6,
                    y + 13, Xml.escape(r.attack())));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", left,
                    y, w, barHeight, ratio < TARGET_RATIO ? "#c0392b" : "#2e86c1"));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.2f (%,.0f ops/s, p99 %.0f ms)</text>%n",
                    left + w + 4, y + 13, ratio, r.opsPerSecond(), r.p99Millis()));
        }
        int x = left + (int) Math.round(TARGET_RATIO / 1.5 * width);
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\""
                + " stroke-dasharray=\"4,3\"/>%n", x, top - 4, x, height - 24));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">target %.1f</text>%n", x - 20,
                height - 10, TARGET_RATIO));
        return sb.append("</svg>\n").toString();
    }
}
