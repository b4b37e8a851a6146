package io.petrel.benchmarks.suite;

import java.util.Arrays;
import java.util.List;

/**
 * The statistics the report gives: medians (robust to the one run a neighbour's build slowed down) and
 * ratios of medians. NaN stands for "not measured" throughout and propagates, so a missing figure prints as
 * "n/a" instead of a made-up ratio.
 */
public final class Medians {
    private Medians() {
    }

    /** The median of the finite values (mean of the middle two for an even count); NaN when there are none. */
    public static double of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        return ofSorted(v);
    }

    /** The median of the finite values; NaN when there are none. */
    public static double of(double... values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        return ofSorted(v);
    }

    private static double ofSorted(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** {@code a / b}, or NaN when either is not a finite number or {@code b} is zero. */
    public static double ratio(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || b == 0) {
            return Double.NaN;
        }
        return a / b;
    }

    /**
     * The median of {@code a[i] / b[i]} over the pairs: the two runs of a pair ran next to each other, so each
     * ratio saw about the same machine, which a ratio of medians cannot promise on a shared machine.
     */
    public static double ofPairRatios(List<Double> a, List<Double> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("Pairs need as many runs on each side, not " + a.size() + " and " + b.size());
        }
        double[] ratios = new double[a.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = ratio(a.get(i), b.get(i));
        }
        return of(ratios);
    }
}
