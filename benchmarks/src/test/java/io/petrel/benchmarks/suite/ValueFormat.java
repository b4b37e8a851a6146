package io.petrel.benchmarks.suite;

import java.util.Locale;

/** How the report and the charts print numbers: short, with k/M suffixes for large ones, "n/a" for NaN. */
public final class ValueFormat {
    private ValueFormat() {
    }

    /** 1234567 -> "1.23M", 312400 -> "312k", 4.56 -> "4.56", 0.123 -> "0.123". */
    public static String compact(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, a >= 1e7 ? "%.1fM" : "%.2fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a == 0) {
            return "0";
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A ratio as "1.23x", or "n/a". */
    public static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2fx", r) : "n/a";
    }

    /** Grouped thousands, "1,234,567", or "n/a". */
    public static String whole(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f", v) : "n/a";
    }

    /** A fixed number of decimals, or "n/a". */
    public static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "n/a";
    }
}
