package io.petrel.tools.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The table Kafka's newer tools print (kafka-transactions): every cell padded with spaces to its column's widest
 * cell, header included, and followed by a tab, so scripts that split on tabs or on runs of spaces both work.
 */
final class TabbedTable {
    private TabbedTable() {
    }

    /** The header and rows, one line each, without line ends. */
    static List<String> format(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(header, widths));
        rows.forEach(row -> lines.add(line(row, widths)));
        return lines;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            line.append(cell).append(" ".repeat(widths[i] - cell.length())).append('\t');
        }
        return line.toString();
    }
}
