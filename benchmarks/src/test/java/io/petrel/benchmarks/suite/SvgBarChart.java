package io.petrel.benchmarks.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart written as a standalone SVG document, so the report's plots come from the benchmark
 * itself with no plotting library: groups along the x axis (one per cell), one bar per series in each group
 * (one per client or broker), the value printed above each bar, and an optional note above each group (the
 * ratio the group is about). The y axis is linear from zero, or logarithmic for latencies that span decades.
 *
 * <p>Missing values (NaN) leave a gap with "n/a" in place of the bar, so a part that did not run is visible
 * rather than silently drawn as zero.
 */
public final class SvgBarChart {
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
    private static final int BAR_WIDTH = 22;
    private static final int WIDEST_BAR = 40;
    private static final int GROUP_GAP = 26;
    private static final int LEFT = 72;
    private static final int RIGHT = 20;
    private static final int TOP = 78;
    private static final int PLOT_HEIGHT = 260;
    private static final int BOTTOM = 64;

    private final String title;
    private final String yLabel;
    private final boolean logScale;
    private final List<String> series;
    private final List<Group> groups = new ArrayList<>();

    /** One cell of the chart: its label (lines split at '\n'), one value per series, and a note above it. */
    public record Group(String label, double[] values, String note) {
    }

    /**
     * @param series   the name of each series, in bar order; the legend lists them
     * @param logScale a base-10 logarithmic y axis (values must then be positive to be drawn)
     */
    public SvgBarChart(String title, String yLabel, List<String> series, boolean logScale) {
        if (series.isEmpty() || series.size() > PALETTE.length) {
            throw new IllegalArgumentException("A chart needs 1 to " + PALETTE.length + " series, not " + series.size());
        }
        this.title = title;
        this.yLabel = yLabel;
        this.series = List.copyOf(series);
        this.logScale = logScale;
    }

    /** Adds a group; {@code note} may be empty. */
    public SvgBarChart group(String label, String note, double... values) {
        if (values.length != series.size()) {
            throw new IllegalArgumentException("Group " + label + " has " + values.length + " values for "
                    + series.size() + " series " + series);
        }
        groups.add(new Group(label, values.clone(), note == null ? "" : note));
        return this;
    }

    public List<Group> groups() {
        return List.copyOf(groups);
    }

    /** The SVG document. */
    public String render() {
        if (groups.isEmpty()) {
            throw new IllegalStateException("Chart '" + title + "' has no groups to draw");
        }
        // At least as wide as the title and the legend; the groups then share out the plot's width.
        int width = Math.max(LEFT + groups.size() * (slotWidth() + GROUP_GAP) + GROUP_GAP + RIGHT,
                Math.max(LEFT + textWidth(title, 8.4) + RIGHT, legendWidth()));
        int plotWidth = width - LEFT - RIGHT;
        int slot = (plotWidth - GROUP_GAP) / groups.size() - GROUP_GAP;
        int height = TOP + PLOT_HEIGHT + BOTTOM;
        Axis axis = axis();
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        text(svg, "title", LEFT, 20, "start", 14, "bold", title);
        legend(svg);
        for (double tick : axis.ticks()) {
            double y = y(axis, tick);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                    + " stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotWidth, y));
            text(svg, "tick", LEFT - 6, y + 4, "end", 10, "normal", ValueFormat.compact(tick));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, TOP + PLOT_HEIGHT, LEFT + plotWidth, TOP + PLOT_HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text class=\"ylabel\" transform=\"translate(16,%d) rotate(-90)\""
                + " text-anchor=\"middle\">%s</text>%n", TOP + PLOT_HEIGHT / 2, escape(yLabel)));
        for (int g = 0; g < groups.size(); g++) {
            drawGroup(svg, axis, groups.get(g), LEFT + GROUP_GAP + g * (slot + GROUP_GAP), slot);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void drawGroup(StringBuilder svg, Axis axis, Group group, int slotX, int slot) {
        int bar = Math.max(BAR_WIDTH, Math.min(WIDEST_BAR, slot * 4 / 5 / series.size()));
        int groupWidth = series.size() * bar;
        int x0 = slotX + (slot - groupWidth) / 2;
        double highest = TOP + PLOT_HEIGHT;
        for (int s = 0; s < series.size(); s++) {
            double v = group.values()[s];
            int x = x0 + s * bar;
            if (!drawable(v)) {
                text(svg, "missing", x + bar / 2.0, TOP + PLOT_HEIGHT - 4, "middle", 9, "normal", "n/a");
                continue;
            }
            double top = y(axis, v);
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\""
                            + " fill=\"%s\"><title>%s: %s</title></rect>%n", x + 1, top, bar - 2,
                    TOP + PLOT_HEIGHT - top, PALETTE[s], escape(series.get(s)), ValueFormat.compact(v)));
            text(svg, "value", x + bar / 2.0, top - 3, "middle", 9, "normal", ValueFormat.compact(v));
            highest = Math.min(highest, top - 12);
        }
        if (!group.note().isEmpty()) {
            text(svg, "note", x0 + groupWidth / 2.0, Math.max(TOP - 6, highest - 4), "middle", 10, "bold", group.note());
        }
        String[] lines = group.label().split("\n");
        for (int i = 0; i < lines.length; i++) {
            text(svg, "group", x0 + groupWidth / 2.0, TOP + PLOT_HEIGHT + 15 + i * 13, "middle", 10, "normal", lines[i]);
        }
    }

    /** The width each group takes: its bars, or its longest label line or note if wider. */
    private int slotWidth() {
        int w = series.size() * BAR_WIDTH;
        for (Group g : groups) {
            for (String line : g.label().split("\n")) {
                w = Math.max(w, textWidth(line, 6.2) + 4);
            }
            w = Math.max(w, textWidth(g.note(), 6.6) + 4);
        }
        return w;
    }

    private int legendWidth() {
        return legendWidth(series);
    }

    /** How wide a chart must be for the legend of {@code series} (shared with {@link SvgLineChart}). */
    static int legendWidth(List<String> series) {
        int x = LEFT;
        for (String name : series) {
            x += 24 + 7 * name.length();
        }
        return x + RIGHT;
    }

    /** A rough width in pixels of text in this chart's sans-serif font, at {@code perChar} pixels a character. */
    private static int textWidth(String text, double perChar) {
        return (int) Math.ceil(text.length() * perChar);
    }

    private void legend(StringBuilder svg) {
        legend(svg, series);
    }

    /** One coloured square and name per series, in a row above the plot (shared with {@link SvgLineChart}). */
    static void legend(StringBuilder svg, List<String> series) {
        int x = LEFT;
        int y = 40;
        for (int s = 0; s < series.size(); s++) {
            svg.append(String.format(Locale.ROOT, "<rect class=\"legend\" x=\"%d\" y=\"%d\" width=\"10\" height=\"10\""
                    + " fill=\"%s\"/>%n", x, y - 9, PALETTE[s]));
            text(svg, "legend", x + 14, y, "start", 11, "normal", series.get(s));
            x += 24 + 7 * series.get(s).length();
        }
    }

    private boolean drawable(double v) {
        return Double.isFinite(v) && (logScale ? v > 0 : v >= 0);
    }

    /** The y axis: its range and ticks, from the values drawn. */
    record Axis(double min, double max, boolean log, List<Double> ticks) {
    }

    Axis axis() {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Group g : groups) {
            for (double v : g.values()) {
                if (drawable(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (logScale) {
            double lo = min == Double.MAX_VALUE ? 1 : Math.pow(10, Math.floor(Math.log10(min)));
            double hi = max <= 0 ? 10 : Math.pow(10, Math.ceil(Math.log10(max)));
            if (hi <= lo) {
                hi = lo * 10;
            }
            List<Double> ticks = new ArrayList<>();
            for (double t = lo; t <= hi * 1.0001; t *= 10) {
                ticks.add(t);
            }
            return new Axis(lo, hi, true, ticks);
        }
        double step = niceStep(max <= 0 ? 1 : max / 5);
        double hi = Math.ceil(max * 1.08 / step) * step;
        if (hi <= 0) {
            hi = step;
        }
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; i * step <= hi * 1.0001; i++) {
            ticks.add(i * step);
        }
        return new Axis(0, hi, false, ticks);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static double y(Axis axis, double v) {
        double share = axis.log()
                ? (Math.log10(v) - Math.log10(axis.min())) / (Math.log10(axis.max()) - Math.log10(axis.min()))
                : (v - axis.min()) / (axis.max() - axis.min());
        return TOP + PLOT_HEIGHT * (1 - Math.max(0, Math.min(1, share)));
    }

    static void text(StringBuilder svg, String cls, double x, double y, String anchor, int size, String weight,
                             String content) {
        svg.append(String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\""
                + " font-size=\"%d\" font-weight=\"%s\">%s</text>%n", cls, x, y, anchor, size, weight, escape(content)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
