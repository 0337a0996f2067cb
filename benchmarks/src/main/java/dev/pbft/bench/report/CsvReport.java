package dev.pbft.bench.report;

import dev.pbft.bench.load.LoadResult;
import dev.pbft.bench.load.SecondSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-second series as CSV: a header {@code second,phase,ops,errors}, then one row per second
 * of warm-up and measured part, e.g. {@code 12,measure,23456,0}. Seconds count from the start of
 * the warm-up; no field ever needs quoting.
 */
public final class CsvReport {
    /** The header row, without line end. */
    public static final String HEADER = "second,phase,ops,errors";

    private CsvReport() {
    }

    /** Header and rows, each ending with a newline. */
    public static String render(LoadResult result) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (SecondSample s : result.series()) {
            out.append(s.second()).append(',').append(s.phase().label()).append(',')
                    .append(s.ops()).append(',').append(s.errors()).append('\n');
        }
        return out.toString();
    }

    /** Writes {@link #render} to {@code file} in UTF-8, replacing it. */
    public static void write(Path file, LoadResult result) throws IOException {
        Files.writeString(file, render(result), StandardCharsets.UTF_8);
    }
}
