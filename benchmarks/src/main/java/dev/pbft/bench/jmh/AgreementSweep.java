package dev.pbft.bench.jmh;

import dev.pbft.bench.report.Json;
import dev.pbft.bench.report.SvgLineChart;
import dev.pbft.bench.report.SvgLineChart.Point;
import dev.pbft.sim.AgreementCluster;
import dev.pbft.sim.MessageCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The n sweep: times {@link AgreementBenchmark} with JMH for every (n, batch), counts messages,
 * bytes and MACs per batch on the same cluster, and writes {@code agreement.json} and
 * {@code agreement.html} (two charts: messages and time per batch against n).
 *
 * <pre>
 *   java -cp benchmarks/target/pbft-benchmarks.jar dev.pbft.bench.jmh.AgreementSweep [OUT_DIR] [--quick]
 * </pre>
 */
public final class AgreementSweep {
    static final int[] GROUPS = {4, 7, 10, 13, 16, 22, 31};
    static final int[] BATCHES = {1, 100};
    private static final int COUNTED_BATCHES = 10;
    private static final int REQUEST_BYTES = 64;

    private AgreementSweep() {
    }

    record Row(int n, int batch, double micros, double errorMicros, double messages, long formulaMessages,
               double bytes, double macs) {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path out = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "benchmarks/results");
        boolean quick = List.of(args).contains("--quick");
        Map<String, RunResult> timings = time(quick);
        List<Row> rows = new ArrayList<>();
        for (int n : GROUPS) {
            for (int batch : BATCHES) {
                RunResult r = timings.get(n + "/" + batch);
                MessageCounts c = count(n, batch);
                rows.add(new Row(n, batch, r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
                        c.perBatch(c.messagesTotal()), formula(n, batch), c.perBatch(c.bytes()),
                        c.perBatch(c.macsComputed())));
            }
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("agreement.json"), Json.write(toJson(rows, quick)));
        SvgLineChart[] charts = charts(rows);
        Files.writeString(out.resolve("agreement-messages.svg"), svgFile(charts[0]));
        Files.writeString(out.resolve("agreement-time.svg"), svgFile(charts[1]));
        Files.writeString(out.resolve("agreement.html"), html(charts));
        print(rows);
        System.out.println("wrote " + out.resolve("agreement.json") + " and " + out.resolve("agreement.html"));
    }

    private static Map<String, RunResult> time(boolean quick) throws RunnerException {
        ChainedOptionsBuilder opts = new OptionsBuilder().include(AgreementBenchmark.class.getName() + ".commitOneBatch")
                .param("n", ints(GROUPS)).param("batch", ints(BATCHES)).forks(1);
        if (quick) {
            opts.warmupIterations(2).measurementIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        Map<String, RunResult> byParams = new TreeMap<>();
        for (RunResult r : results) {
            byParams.put(r.getParams().getParam("n") + "/" + r.getParams().getParam("batch"), r);
        }
        return byParams;
    }

    private static String[] ints(int[] values) {
        return java.util.Arrays.stream(values).mapToObj(Integer::toString).toArray(String[]::new);
    }

    /** Counts over a few batches, fewer than a checkpoint interval: the normal case alone. */
    static MessageCounts count(int n, int batch) {
        AgreementCluster cluster = new AgreementCluster(n, batch, REQUEST_BYTES);
        for (int i = 0; i < COUNTED_BATCHES; i++) {
            cluster.commit(cluster.nextRequests());
        }
        return cluster.counts();
    }

    /** PBFT's normal case: n-1 pre-prepares, (n-1)^2 prepares, n(n-1) commits, n replies per request. */
    static long formula(int n, int batch) {
        return (n - 1) + (long) (n - 1) * (n - 1) + (long) n * (n - 1) + (long) n * batch;
    }

    private static Map<String, Object> toJson(List<Row> rows, boolean quick) {
        List<Object> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", r.n());
            m.put("f", (r.n() - 1) / 3);
            m.put("batch", r.batch());
            m.put("microsPerBatch", r.micros());
            m.put("errorMicros", r.errorMicros());
            m.put("microsPerRequest", r.micros() / r.batch());
            m.put("messagesPerBatch", r.messages());
            m.put("formulaMessagesPerBatch", r.formulaMessages());
            m.put("bytesPerBatch", r.bytes());
            m.put("macsPerBatch", r.macs());
            list.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "AgreementBenchmark.commitOneBatch (one committed batch, all replicas on one thread)");
        doc.put("requestBytes", REQUEST_BYTES);
        doc.put("quick", quick);
        doc.put("java", System.getProperty("java.version"));
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("rows", list);
        return doc;
    }

    private static String svgFile(SvgLineChart chart) {
        String svg = chart.render();
        return svg.contains("xmlns=") ? svg : svg.replaceFirst("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    }

    private static String html(SvgLineChart[] charts) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>PBFT agreement cost</title></head>"
                + "<body style=\"font-family:sans-serif\">\n<h1>Cost of agreement as the group grows</h1>\n"
                + charts[0].render() + "\n" + charts[1].render() + "\n</body></html>\n";
    }

    /** Messages per batch (measured and formula) and time per batch, against n. */
    private static SvgLineChart[] charts(List<Row> rows) {
        SvgLineChart messages = new SvgLineChart("Messages per committed batch", "replicas n", "messages").logY(true);
        SvgLineChart time = new SvgLineChart("Time per committed batch (all replicas, one thread)", "replicas n",
                "microseconds").logY(true);
        for (int batch : BATCHES) {
            List<Point> measured = new ArrayList<>();
            List<Point> formula = new ArrayList<>();
            List<Point> micros = new ArrayList<>();
            for (Row r : rows) {
                if (r.batch() == batch) {
                    measured.add(new Point(r.n(), r.messages()));
                    formula.add(new Point(r.n(), r.formulaMessages()));
                    micros.add(new Point(r.n(), r.micros()));
                }
            }
            messages.series("batch " + batch + " measured", measured).series("batch " + batch + " formula", formula);
            time.series("batch " + batch, micros);
        }
        return new SvgLineChart[] {messages, time};
    }

    private static void print(List<Row> rows) {
        System.out.printf("%n%4s %6s %14s %14s %12s %14s %10s%n", "n", "batch", "us/batch", "us/request",
                "messages", "formula", "KiB/batch");
        for (Row r : rows) {
            System.out.printf("%4d %6d %10.1f ±%-5.0f %12.2f %12.0f %14d %10.1f%n", r.n(), r.batch(), r.micros(),
                    r.errorMicros(), r.micros() / r.batch(), r.messages(), r.formulaMessages(), r.bytes() / 1024);
        }
    }
}
