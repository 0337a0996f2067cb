package dev.pbft.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client-scaling chart of RESULTS.md: throughput against the number of client identities, one
 * line per request size and way of connecting, from a CSV of measured medians with the header
 * {@code identities,requestBytes,opsPerSecond,connections} ({@code connections}: {@code own} or
 * {@code shared}, see {@code bench --client-connections}; a file without that column is all
 * {@code own}). Identities go on a log scale (1, 10, 100, 1,000).
 *
 * <pre>
 *   java -cp benchmarks/target/classes dev.pbft.bench.report.ScalingChart scaling.csv scaling.svg
 * </pre>
 */
public final class ScalingChart {
    /** One measured point: a median over runs. */
    public record Row(int identities, int requestBytes, double opsPerSecond, String connections) {
        /** A row of clients with a connection each. */
        public Row(int identities, int requestBytes, double opsPerSecond) {
            this(identities, requestBytes, opsPerSecond, "own");
        }
    }

    private static final String HEADER = "identities,requestBytes,opsPerSecond";

    private ScalingChart() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ScalingChart IN.csv OUT.svg");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Files.writeString(Path.of(args[1]), render(parse(in.toString(), Files.readAllLines(in))));
    }

    /**
     * The rows of {@code lines}, a header then one row per line (blank lines skipped).
     *
     * @throws IllegalArgumentException naming {@code source} and the line, for a missing header or
     *                                  a row that is not two positive integers, a number and (with the
     *                                  column) own or shared
     */
    public static List<Row> parse(String source, List<String> lines) {
        String header = lines.isEmpty() ? "" : lines.get(0).trim();
        if (!header.equals(HEADER) && !header.equals(HEADER + ",connections")) {
            throw new IllegalArgumentException(source + ":1: expected the header " + HEADER + "[,connections]");
        }
        int columns = header.split(",").length;
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            try {
                if (cells.length != columns) {
                    throw new NumberFormatException(cells.length + " cells");
                }
                Row row = new Row(Integer.parseInt(cells[0].trim()), Integer.parseInt(cells[1].trim()),
                        Double.parseDouble(cells[2].trim()), columns == 4 ? cells[3].trim() : "own");
                if (row.identities() < 1 || row.requestBytes() < 0 || !(row.opsPerSecond() >= 0)
                        || !(row.connections().equals("own") || row.connections().equals("shared"))) {
                    throw new NumberFormatException("out of range");
                }
                rows.add(row);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected identities (>= 1), request"
                        + " bytes (>= 0), ops/s (>= 0)" + (columns == 4 ? " and own or shared" : "") + ", got '"
                        + line + "'", e);
            }
        }
        return rows;
    }

    /** The chart as a standalone SVG document. */
    public static String render(List<Row> rows) {
        Map<String, List<SvgLineChart.Point>> bySeries = new TreeMap<>();
        TreeMap<Double, String> ticks = new TreeMap<>();
        for (Row r : rows.stream().sorted(java.util.Comparator.comparingInt(Row::identities)).toList()) {
            double x = Math.log10(r.identities());
            String size = r.requestBytes() == 0 ? "0 B / 0 B" : r.requestBytes() + " B / " + r.requestBytes() + " B";
            String name = size + (r.connections().equals("shared") ? ", shared connections" : ", a connection each");
            bySeries.computeIfAbsent(name, b -> new ArrayList<>()).add(new SvgLineChart.Point(x, r.opsPerSecond()));
            ticks.put(x, String.format(Locale.ROOT, "%,d", r.identities()));
        }
        SvgLineChart chart = new SvgLineChart("Throughput against client identities (n=4, one request in flight each)",
                "client identities (log scale)", "ops/s").xTicks(ticks);
        bySeries.forEach(chart::series);
        return chart.render() + "\n";
    }
}
