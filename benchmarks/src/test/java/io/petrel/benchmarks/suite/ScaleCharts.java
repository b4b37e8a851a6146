package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.suite.SuiteResults.ScaleCurve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scale section's plots, by file name: one line chart per curve that ran (client curves: a line per broker
 * x client; broker curves: a line per broker), plus the record-size curve in MB/s. The connections "curve" has
 * two points (none and all open) and is given as a table instead.
 */
public final class ScaleCharts {
    private ScaleCharts() {
    }

    /** The series of a curve's chart and table, in order: broker x client, or broker alone. */
    static List<Series> series(ScaleCurve curve) {
        if (curve.brokerOnly()) {
            return List.of(new Series(Kind.STUB, ""), new Series(Kind.KAFKA, ""));
        }
        return List.of(new Series(Kind.STUB, SuiteResults.PETREL), new Series(Kind.STUB, SuiteResults.KAFKA_CLIENTS),
                new Series(Kind.KAFKA, SuiteResults.PETREL), new Series(Kind.KAFKA, SuiteResults.KAFKA_CLIENTS));
    }

    /** One line of a chart: a broker, and a client unless the curve is the broker's alone. */
    record Series(Kind broker, String client) {
        String label() {
            return SuiteResults.shortName(broker) + (client.isEmpty() ? "" : ", " + client);
        }
    }

    /** The chart file of a curve: "scale-partitions-produce.svg". */
    static String fileName(ScaleCurve curve) {
        return "scale-" + curve.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".svg";
    }

    static String title(ScaleCurve curve) {
        return switch (curve) {
            case PARTITIONS_PRODUCE -> "Producer throughput by partitions per topic (100 B, round-robin)";
            case PARTITIONS_CONSUME -> "Consumer throughput by partitions per topic (100 B)";
            case PRODUCER_HEAP -> "Producer heap, all partitions in use (after GC)";
            case CONSUMER_HEAP -> "Consumer heap, all partitions assigned (after GC)";
            case PRODUCERS_ONE_JVM -> "Producers as threads of one JVM, aggregate (100 B)";
            case PRODUCERS_OWN_JVMS -> "Producers in JVMs of their own, aggregate (100 B)";
            case CONSUMERS_IN_GROUP -> "Consumers in one group, aggregate (100 B)";
            case RECORD_SIZE -> "Producer throughput by record size, records/s";
            case BROKER_RSS_PARTITIONS -> "Broker RSS by partitions (after a full GC)";
            case BROKER_RSS_CONNECTIONS -> "Broker RSS by open connections (after a full GC)";
        };
    }

    public static Map<String, SvgLineChart> of(SuiteResults results) {
        ScaleFigures f = new ScaleFigures(results);
        Map<String, SvgLineChart> charts = new LinkedHashMap<>();
        for (ScaleCurve curve : f.curves()) {
            if (curve == ScaleCurve.BROKER_RSS_CONNECTIONS) {
                continue;
            }
            // A log x axis has no 0: the broker's idle point (no partitions) is in the table only.
            List<Long> xs = f.xs(curve).stream().filter(x -> x > 0).toList();
            boolean logY = curve == ScaleCurve.RECORD_SIZE;
            charts.put(fileName(curve), chart(curve, title(curve), curve.unit(), xs, logY,
                    (s, x) -> f.value(curve, s.broker(), s.client(), x)));
            if (curve == ScaleCurve.RECORD_SIZE) {
                charts.put("scale-record-size-mb.svg", chart(curve, "Producer throughput by record size, MB/s",
                        "MB/s", xs, false, (s, x) -> f.megabytes(curve, s.broker(), s.client(), x)));
            }
        }
        return charts;
    }

    /** A figure of one series at one x. */
    @FunctionalInterface
    private interface Figure {
        double of(Series s, long x);
    }

    private static SvgLineChart chart(ScaleCurve curve, String title, String unit, List<Long> xs, boolean logY,
                                      Figure figure) {
        List<Series> series = series(curve);
        SvgLineChart chart = new SvgLineChart(title, curve.xLabel(), unit, series.stream().map(Series::label).toList(),
                logY);
        for (int s = 0; s < series.size(); s++) {
            for (long x : xs) {
                chart.point(s, x, figure.of(series.get(s), x));
            }
        }
        return chart;
    }
}
