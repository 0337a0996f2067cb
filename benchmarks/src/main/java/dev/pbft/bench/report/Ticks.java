package dev.pbft.bench.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Axis ticks a reader can take in at a glance: multiples of 1, 2 or 5 times a power of ten on
 * linear axes (Heckbert's "nice numbers"), powers of ten on log axes.
 */
public final class Ticks {
    private Ticks() {
    }

    /**
     * About {@code targetCount} evenly spaced nice values, the first at or below {@code min} and
     * the last at or above {@code max}. A zero-width range is widened so that it still gets ticks.
     */
    public static List<Double> linear(double min, double max, int targetCount) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("need finite min <= max, got " + min + ", " + max);
        }
        if (min == max) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min = min >= 0 ? Math.max(0, min - pad) : min - pad; // a non-negative axis stays non-negative
            max += pad;
        }
        double step = nice((max - min) / Math.max(1, targetCount - 1), true);
        long first = (long) Math.floor(min / step + 1e-9);
        long last = (long) Math.ceil(max / step - 1e-9);
        List<Double> ticks = new ArrayList<>();
        for (long i = first; i <= last; i++) {
            ticks.add(roundTo(i * step, step)); // i * step, without the float noise of repeated addition
        }
        return ticks;
    }

    /**
     * Powers of ten from the one at or below {@code min} to the one at or above {@code max}
     * (both > 0); across fewer than three decades also the 2x and 5x values between them.
     */
    public static List<Double> log(double min, double max) {
        if (!(min > 0) || !(max >= min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
        }
        int lo = (int) Math.floor(Math.log10(min) + 1e-9);
        int hi = (int) Math.ceil(Math.log10(max) - 1e-9);
        if (hi == lo) {
            hi++;
        }
        boolean fine = hi - lo < 3;
        List<Double> ticks = new ArrayList<>();
        for (int e = lo; e <= hi; e++) {
            double p = Math.pow(10, e);
            ticks.add(p);
            if (fine && e < hi) {
                ticks.add(2 * p);
                ticks.add(5 * p);
            }
        }
        return ticks;
    }

    /** A tick value as text: no trailing zeros, no exponent, e.g. {@code 0.05}, {@code 2500}. */
    public static String label(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(value).round(new java.math.MathContext(6, RoundingMode.HALF_EVEN));
        return d.stripTrailingZeros().toPlainString();
    }

    /** The nice number near {@code x}: rounded to the nearest, or else the smallest not below it. */
    static double nice(double x, boolean round) {
        if (!(x > 0)) {
            return 1;
        }
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf;
        if (round) {
            nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        } else {
            nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        }
        return nf * Math.pow(10, exp);
    }

    private static double roundTo(double value, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step)) + 1);
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }
}
