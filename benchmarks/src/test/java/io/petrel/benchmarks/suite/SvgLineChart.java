package io.petrel.benchmarks.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A line chart as a standalone SVG, for the scale curves: x on a log axis (partitions 1 to 1,000, record sizes
 * 10 B to 100 KiB), ticked at the x values measured; y linear from zero, or log. One polyline and a marker per
 * point for each series; a point that was not measured (NaN) is left out and breaks its line, so a gap never
 * reads as a figure. Like {@link SvgBarChart}, no plotting library.
 */
public final class SvgLineChart {
    private static final String[] PALETTE = SvgBarChart.PALETTE;
    private static final int LEFT = 72;
    private static final int RIGHT = 24;
    private static final int TOP = 78;
    private static final int PLOT_WIDTH = 520;
    private static final int PLOT_HEIGHT = 260;
    private static final int BOTTOM = 50;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> series;
    private final boolean logY;
    private final List<List<double[]>> points = new ArrayList<>();

    public SvgLineChart(String title, String xLabel, String yLabel, List<String> series, boolean logY) {
        if (series.isEmpty() || series.size() > PALETTE.length) {
            throw new IllegalArgumentException("A chart needs 1 to " + PALETTE.length + " series, not " + series.size());
        }
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.series = List.copyOf(series);
        this.logY = logY;
        series.forEach(s -> points.add(new ArrayList<>()));
    }

    /** Adds a point to series {@code s}; x must be positive (the x axis is logarithmic). */
    public SvgLineChart point(int s, double x, double y) {
        if (s < 0 || s >= series.size()) {
            throw new IllegalArgumentException("No series " + s + " in " + series);
        }
        if (!(x > 0)) {
            throw new IllegalArgumentException("x must be positive on a log axis, not " + x);
        }
        points.get(s).add(new double[] {x, y});
        return this;
    }

    public String render() {
        TreeSet<Double> xs = new TreeSet<>();
        points.forEach(list -> list.forEach(p -> xs.add(p[0])));
        if (xs.isEmpty()) {
            throw new IllegalStateException("Chart '" + title + "' has no points to draw");
        }
        double xMin = xs.first();
        double xMax = xs.last() > xMin ? xs.last() : xMin * 10;
        SvgBarChart.Axis axis = yAxis();
        // At least as wide as the title and the legend; the plot takes the width left.
        int width = Math.max(LEFT + PLOT_WIDTH + RIGHT, Math.max(LEFT + (int) Math.ceil(title.length() * 8.4) + RIGHT,
                SvgBarChart.legendWidth(series)));
        int plotWidth = width - LEFT - RIGHT;
        int height = TOP + PLOT_HEIGHT + BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        SvgBarChart.text(svg, "title", LEFT, 20, "start", 14, "bold", title);
        SvgBarChart.legend(svg, series);
        for (double tick : axis.ticks()) {
            double y = y(axis, tick);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                    + " stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotWidth, y));
            SvgBarChart.text(svg, "ytick", LEFT - 6, y + 4, "end", 10, "normal", ValueFormat.compact(tick));
        }
        for (double x : xs) {
            double px = x(x, xMin, xMax, plotWidth);
            svg.append(String.format(Locale.ROOT, "<line class=\"xgrid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
                    + " stroke=\"#eee\"/>%n", px, TOP, px, TOP + PLOT_HEIGHT));
            SvgBarChart.text(svg, "xtick", px, TOP + PLOT_HEIGHT + 15, "middle", 10, "normal", ValueFormat.compact(x));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, TOP + PLOT_HEIGHT, LEFT + plotWidth, TOP + PLOT_HEIGHT));
        SvgBarChart.text(svg, "xlabel", LEFT + plotWidth / 2.0, TOP + PLOT_HEIGHT + 36, "middle", 11, "normal",
                xLabel + " (log scale)");
        svg.append(String.format(Locale.ROOT, "<text class=\"ylabel\" transform=\"translate(16,%d) rotate(-90)\""
                + " text-anchor=\"middle\">%s</text>%n", TOP + PLOT_HEIGHT / 2, SvgBarChart.escape(yLabel)));
        for (int s = 0; s < series.size(); s++) {
            drawSeries(svg, s, axis, xMin, xMax, plotWidth);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void drawSeries(StringBuilder svg, int s, SvgBarChart.Axis axis, double xMin, double xMax,
                            int plotWidth) {
        List<double[]> sorted = points.get(s).stream().sorted((a, b) -> Double.compare(a[0], b[0])).toList();
        StringBuilder line = new StringBuilder();
        for (double[] p : sorted) {
            if (!drawable(p[1])) {
                flushLine(svg, line, s);
                continue;
            }
            double px = x(p[0], xMin, xMax, plotWidth);
            double py = y(axis, p[1]);
            line.append(String.format(Locale.ROOT, "%s%.1f,%.1f", line.isEmpty() ? "" : " ", px, py));
            svg.append(String.format(Locale.ROOT, "<circle class=\"marker\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\""
                            + " fill=\"%s\"><title>%s: %s at %s</title></circle>%n", px, py, PALETTE[s],
                    SvgBarChart.escape(series.get(s)), ValueFormat.compact(p[1]), ValueFormat.compact(p[0])));
        }
        flushLine(svg, line, s);
    }

    private static void flushLine(StringBuilder svg, StringBuilder line, int s) {
        if (line.indexOf(" ") > 0) {
            svg.append(String.format(Locale.ROOT, "<polyline class=\"line\" points=\"%s\" fill=\"none\""
                    + " stroke=\"%s\" stroke-width=\"2\"/>%n", line, PALETTE[s]));
        }
        line.setLength(0);
    }

    private boolean drawable(double v) {
        return Double.isFinite(v) && (logY ? v > 0 : v >= 0);
    }

    /** The y axis, ticked as {@link SvgBarChart} ticks its value axis. */
    SvgBarChart.Axis yAxis() {
        SvgBarChart shape = new SvgBarChart(title, yLabel, List.of("y"), logY);
        for (List<double[]> list : points) {
            for (double[] p : list) {
                shape.group("", "", p[1]);
            }
        }
        return shape.axis();
    }

    private static double x(double x, double min, double max, int plotWidth) {
        // Inset from the plot's edges, so the first and last markers are not cut by the axis.
        return LEFT + 12 + (plotWidth - 24) * (Math.log10(x) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
    }

    private static double y(SvgBarChart.Axis axis, double v) {
        double share = axis.log()
                ? (Math.log10(v) - Math.log10(axis.min())) / (Math.log10(axis.max()) - Math.log10(axis.min()))
                : (v - axis.min()) / (axis.max() - axis.min());
        return TOP + PLOT_HEIGHT * (1 - Math.max(0, Math.min(1, share)));
    }
}
