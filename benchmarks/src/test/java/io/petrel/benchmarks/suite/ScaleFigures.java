package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.suite.SuiteResults.ScaleCurve;
import io.petrel.benchmarks.suite.SuiteResults.ScalePoint;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The scale part's figures from its points: the median over the repeats of each curve's point (NaN if none
 * ran, or if any repeat of it failed), and the costs per partition and per connection read off the curves'
 * last steps.
 */
public final class ScaleFigures {
    private final List<ScalePoint> points;

    public ScaleFigures(SuiteResults results) {
        this.points = List.copyOf(results.scalePoints);
    }

    /** The curves with at least one point, in the enum's order. */
    public List<ScaleCurve> curves() {
        return List.of(ScaleCurve.values()).stream()
                .filter(c -> points.stream().anyMatch(p -> p.curve() == c)).toList();
    }

    /** The x values of a curve, ascending. */
    public List<Long> xs(ScaleCurve curve) {
        return points.stream().filter(p -> p.curve() == curve).map(ScalePoint::x).distinct().sorted().toList();
    }

    /** The median value of a point over its repeats; NaN when none ran or one failed. */
    public double value(ScaleCurve curve, Kind broker, String client, long x) {
        return median(curve, broker, client, x, ScalePoint::value);
    }

    public double megabytes(ScaleCurve curve, Kind broker, String client, long x) {
        return median(curve, broker, client, x, ScalePoint::megabytesPerSecond);
    }

    private double median(ScaleCurve curve, Kind broker, String client, long x, ToDoubleFunction<ScalePoint> figure) {
        List<ScalePoint> runs = points.stream().filter(p -> p.curve() == curve && p.broker() == broker
                && p.client().equals(client) && p.x() == x).toList();
        if (runs.isEmpty() || runs.stream().anyMatch(p -> !p.ok())) {
            return Double.NaN;
        }
        return Medians.of(runs.stream().map(figure::applyAsDouble).toList());
    }

    /**
     * KiB per unit of x over a curve's last step (the largest x against the one before it): the marginal cost
     * of one more partition or connection once the fixed costs are paid. NaN with fewer than two points.
     */
    public double lastStepKiB(ScaleCurve curve, Kind broker, String client) {
        List<Long> xs = xs(curve);
        if (xs.size() < 2) {
            return Double.NaN;
        }
        long hi = xs.get(xs.size() - 1);
        long lo = xs.get(xs.size() - 2);
        return (value(curve, broker, client, hi) - value(curve, broker, client, lo)) * 1024 / (hi - lo);
    }

    /**
     * Where a series leaves its first point's figure by more than {@code band} (0.2: below 0.8x or above
     * 1.25x of it): the first such x, or -1 if it stays within the band (or is not measured).
     */
    public long bend(ScaleCurve curve, Kind broker, String client, double band) {
        List<Long> xs = xs(curve);
        if (xs.isEmpty()) {
            return -1;
        }
        double first = value(curve, broker, client, xs.get(0));
        if (!Double.isFinite(first) || first <= 0) {
            return -1;
        }
        for (long x : xs) {
            double r = value(curve, broker, client, x) / first;
            if (Double.isFinite(r) && (r < 1 - band || r > 1 / (1 - band))) {
                return x;
            }
        }
        return -1;
    }
}
