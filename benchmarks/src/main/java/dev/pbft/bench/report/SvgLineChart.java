package dev.pbft.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A line chart of named (x, y) series as a self-contained SVG element: title, axis labels, nice
 * ticks with grid lines, a legend, optional shaded x ranges and vertical markers. Axes are linear;
 * y may be logarithmic (non-positive values are then left out). A linear y axis starts at zero when
 * every value is non-negative, so that heights compare honestly.
 *
 * <pre>
 *   String svg = new SvgLineChart("Messages per batch", "replicas n", "messages")
 *           .logY(true).series("measured", points).series("2n^2", formula).render();
 * </pre>
 * Not thread-safe; configure, then {@link #render()} as often as needed.
 */
public final class SvgLineChart {
    /** One data point. */
    public record Point(double x, double y) {
    }

    private record Series(String name, List<Point> points) {
    }

    private record Range(double from, double to, String label) {
    }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int LEFT = 72;
    private static final int RIGHT = 24;
    private static final int TOP = 40;
    private static final int BOTTOM = 52;
    private static final AtomicLong IDS = new AtomicLong(); // clip-path ids unique within one document

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Range> shades = new ArrayList<>();
    private final List<Range> markers = new ArrayList<>();
    private TreeMap<Double, String> xTicks;
    private boolean logY;
    private int widthPx = 720;
    private int heightPx = 360;

    public SvgLineChart(String title, String xLabel, String yLabel) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
    }

    /** Size of the whole chart in pixels; 720 x 360 by default. */
    public SvgLineChart size(int widthPx, int heightPx) {
        if (widthPx < LEFT + RIGHT + 50 || heightPx < TOP + BOTTOM + 50) {
            throw new IllegalArgumentException("chart too small: " + widthPx + " x " + heightPx);
        }
        this.widthPx = widthPx;
        this.heightPx = heightPx;
        return this;
    }

    /** A logarithmic y axis (powers of ten); linear by default. */
    public SvgLineChart logY(boolean logY) {
        this.logY = logY;
        return this;
    }

    /**
     * Adds a series, drawn in the next colour; points are joined in the order given, except across
     * a point whose y is not finite (NaN): the line has a gap there.
     */
    public SvgLineChart series(String name, List<Point> points) {
        series.add(new Series(Objects.requireNonNull(name, "name"), List.copyOf(points)));
        return this;
    }

    /** Fixed x ticks with their labels instead of automatic ones, e.g. a "nines" percentile scale. */
    public SvgLineChart xTicks(Map<Double, String> labelsByX) {
        this.xTicks = new TreeMap<>(labelsByX);
        return this;
    }

    /** Shades the x range [from, to] behind the data, with a label at its top. */
    public SvgLineChart shadeX(double from, double to, String label) {
        shades.add(new Range(Math.min(from, to), Math.max(from, to), Objects.requireNonNull(label, "label")));
        return this;
    }

    /** A dashed vertical line at {@code x} with a label, e.g. the moment of a fault. */
    public SvgLineChart markX(double x, String label) {
        markers.add(new Range(x, x, Objects.requireNonNull(label, "label")));
        return this;
    }

    /** The chart as one {@code <svg>} element with its own namespace, embeddable in a larger SVG or HTML. */
    public String render() {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Series s : series) {
            for (Point p : s.points()) {
                if (Double.isFinite(p.x()) && Double.isFinite(p.y()) && (!logY || p.y() > 0)) {
                    xs.add(p.x());
                    ys.add(p.y());
                }
            }
        }
        shades.forEach(r -> { xs.add(r.from()); xs.add(r.to()); });
        markers.forEach(r -> xs.add(r.from()));
        if (xTicks != null && !xTicks.isEmpty()) {
            xs.add(xTicks.firstKey());
            xs.add(xTicks.lastKey());
        }
        double xMin = xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double xMax = xs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        TreeMap<Double, String> xTickMap = xTicks != null && !xTicks.isEmpty() ? xTicks : autoTicks(Ticks.linear(xMin, xMax, 8));
        xMin = Math.min(xMin, xTickMap.firstKey());
        xMax = Math.max(xMax, xTickMap.lastKey());
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        List<Double> yTicks;
        if (logY) {
            double lo = ys.stream().mapToDouble(Double::doubleValue).min().orElse(1);
            double hi = ys.stream().mapToDouble(Double::doubleValue).max().orElse(10);
            yTicks = Ticks.log(lo, hi);
        } else {
            double lo = ys.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double hi = ys.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            yTicks = Ticks.linear(Math.min(lo, 0), hi, 6);
        }
        Plot plot = new Plot(xMin, xMax, yTicks.get(0), yTicks.get(yTicks.size() - 1));
        return draw(plot, xTickMap, yTicks);
    }

    private static TreeMap<Double, String> autoTicks(List<Double> ticks) {
        TreeMap<Double, String> m = new TreeMap<>();
        ticks.forEach(t -> m.put(t, Ticks.label(t)));
        return m;
    }

    /** Maps data coordinates to pixels inside the plot area. */
    private final class Plot {
        final double x0 = LEFT;
        final double x1 = widthPx - RIGHT;
        final double y0 = heightPx - BOTTOM;
        final double y1 = TOP;
        final double xMin;
        final double xMax;
        final double yMin;
        final double yMax;

        Plot(double xMin, double xMax, double yMin, double yMax) {
            this.xMin = xMin;
            this.xMax = xMax;
            this.yMin = logY ? Math.log10(yMin) : yMin;
            this.yMax = logY ? Math.log10(yMax) : yMax;
        }

        double px(double x) {
            return x0 + (x - xMin) / (xMax - xMin) * (x1 - x0);
        }

        double py(double y) {
            double v = logY ? Math.log10(y) : y;
            return y0 - (v - yMin) / (yMax - yMin == 0 ? 1 : yMax - yMin) * (y0 - y1);
        }
    }

    private String draw(Plot p, Map<Double, String> xTickMap, List<Double> yTicks) {
        String clip = "plot-clip-" + IDS.incrementAndGet();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", widthPx, heightPx, widthPx, heightPx));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", widthPx, heightPx));
        s.append(String.format(Locale.ROOT, "<clipPath id=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/></clipPath>%n",
                clip, p.x0, p.y1, p.x1 - p.x0, p.y0 - p.y1));
        text(s, widthPx / 2.0, 22, "middle", "font-size=\"15\" font-weight=\"bold\"", title);
        for (Range r : shades) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#000\" fill-opacity=\"0.07\"/>%n",
                    p.px(r.from()), p.y1, p.px(r.to()) - p.px(r.from()), p.y0 - p.y1));
            text(s, (p.px(r.from()) + p.px(r.to())) / 2, p.y1 + 14, "middle", "fill=\"#666\"", r.label());
        }
        for (Map.Entry<Double, String> t : xTickMap.entrySet()) {
            double x = p.px(t.getKey());
            line(s, x, p.y1, x, p.y0, "#e5e5e5", "");
            text(s, x, p.y0 + 16, "middle", "", t.getValue());
        }
        for (double t : yTicks) {
            double y = p.py(t);
            line(s, p.x0, y, p.x1, y, "#e5e5e5", "");
            text(s, p.x0 - 6, y + 4, "end", "", Ticks.label(t));
        }
        line(s, p.x0, p.y0, p.x1, p.y0, "#333", "");
        line(s, p.x0, p.y0, p.x0, p.y1, "#333", "");
        text(s, (p.x0 + p.x1) / 2, heightPx - 12, "middle", "", xLabel);
        text(s, 0, 0, "middle", String.format(Locale.ROOT, "transform=\"translate(16,%.1f) rotate(-90)\"", (p.y0 + p.y1) / 2), yLabel);
        for (Range m : markers) {
            line(s, p.px(m.from()), p.y1, p.px(m.from()), p.y0, "#d62728", "stroke-dasharray=\"5,4\"");
            text(s, p.px(m.from()) + 4, p.y1 + 28, "start", "fill=\"#d62728\"", m.label());
        }
        for (int i = 0; i < series.size(); i++) {
            drawSeries(s, p, series.get(i), COLORS[i % COLORS.length], clip);
        }
        drawLegend(s, p);
        return s.append("</svg>\n").toString();
    }

    private void drawSeries(StringBuilder s, Plot p, Series series, String color, String clip) {
        // A non-finite y ends a stretch: the line has a gap there, e.g. while a replica is down.
        List<List<Point>> stretches = new ArrayList<>();
        List<Point> current = new ArrayList<>();
        for (Point q : series.points()) {
            if (!Double.isFinite(q.y())) {
                if (!current.isEmpty()) {
                    stretches.add(current);
                    current = new ArrayList<>();
                }
            } else if (Double.isFinite(q.x()) && (!logY || q.y() > 0)) {
                current.add(q);
            }
        }
        if (!current.isEmpty()) {
            stretches.add(current);
        }
        s.append(String.format(Locale.ROOT, "<g clip-path=\"url(#%s)\"><title>%s</title>%n", clip, Xml.escape(series.name())));
        int drawn = 0;
        for (List<Point> stretch : stretches) {
            StringBuilder points = new StringBuilder();
            for (Point q : stretch) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", p.px(q.x()), p.py(q.y())));
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    color, points.toString().trim()));
            drawn += stretch.size();
        }
        if (drawn <= 40) { // dots help read sparse data; on dense series they only add ink
            for (List<Point> stretch : stretches) {
                for (Point q : stretch) {
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                            p.px(q.x()), p.py(q.y()), color));
                }
            }
        }
        s.append("</g>\n");
    }

    private void drawLegend(StringBuilder s, Plot p) {
        if (series.isEmpty()) {
            return;
        }
        int longest = series.stream().mapToInt(x -> x.name().length()).max().orElse(0);
        double width = 40 + 7 * longest; // about 7 px per character at 12 px sans-serif
        double x = p.x1 - width - 6;
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"white\""
                + " fill-opacity=\"0.85\" stroke=\"#ccc\"/>%n", x - 6, p.y1 + 2, width + 6, 16 * series.size() + 6));
        double y = p.y1 + 16;
        for (int i = 0; i < series.size(); i++, y += 16) {
            line(s, x, y - 4, x + 22, y - 4, COLORS[i % COLORS.length], "stroke-width=\"3\"");
            text(s, x + 28, y, "start", "", series.get(i).name());
        }
    }

    private static void line(StringBuilder s, double xa, double ya, double xb, double yb, String color, String extra) {
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" %s/>%n",
                xa, ya, xb, yb, color, extra));
    }

    private static void text(StringBuilder s, double x, double y, String anchor, String extra, String content) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>%n",
                x, y, anchor, extra, Xml.escape(content)));
    }
}
