package io.petrel.benchmarks.suite;

import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;

/**
 * One of the team's targets, printed beside the figure it is about with whether the figure met it.
 *
 * @param what      the target in words, e.g. "Petrel's producer / kafka-clients', same broker"
 * @param atLeast   true when the figure must be at least {@code threshold}, false when at most
 * @param threshold the bound
 * @param unit      printed after numbers: "x" for ratios, " s" for seconds
 */
public record Target(String what, boolean atLeast, double threshold, String unit) {

    /** Whether a figure met its target. */
    public enum Verdict {
        MET("met"), MISSED("**missed**"), NOT_MEASURED("not measured");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** The verdict as the report prints it. */
        public String text() {
            return text;
        }
    }

    public static Target atLeast(String what, double threshold, String unit) {
        return new Target(what, true, threshold, unit);
    }

    public static Target atMost(String what, double threshold, String unit) {
        return new Target(what, false, threshold, unit);
    }

    public Verdict judge(double figure) {
        if (!Double.isFinite(figure)) {
            return Verdict.NOT_MEASURED;
        }
        return (atLeast ? figure >= threshold : figure <= threshold) ? Verdict.MET : Verdict.MISSED;
    }

    /**
     * The figure nearest to missing among several (the smallest when the target is a floor, the largest when a
     * ceiling), ignoring figures not measured; NaN when none was. A target that must hold in every cell is judged
     * on this one.
     */
    public double worst(List<Double> figures) {
        DoubleSummaryStatistics measured = figures.stream().filter(Double::isFinite)
                .mapToDouble(Double::doubleValue).summaryStatistics();
        if (measured.getCount() == 0) {
            return Double.NaN;
        }
        return atLeast ? measured.getMin() : measured.getMax();
    }

    /** "&ge; 1.30x" or "&le; 0.10 s". */
    public String bound() {
        return (atLeast ? "≥ " : "≤ ") + String.format(Locale.ROOT, "%.2f", threshold) + unit;
    }
}
