package io.petrel.benchmarks.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * A GitHub-flavoured markdown table. A header starting with '&gt;' marks a right-aligned (numeric) column;
 * the '&gt;' is not printed. Cells may not contain '|' (it is replaced by '/'), nor line breaks.
 */
public final class MarkdownTable {
    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> right = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... headers) {
        for (String h : headers) {
            boolean r = h.startsWith(">");
            this.right.add(r);
            this.headers.add(r ? h.substring(1) : h);
        }
    }

    public MarkdownTable row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("A row of " + cells.length + " cells for " + headers.size()
                    + " columns " + headers);
        }
        List<String> row = new ArrayList<>();
        for (String c : cells) {
            row.add(c == null ? "" : c.replace('|', '/').replace('\n', ' '));
        }
        rows.add(row);
        return this;
    }

    public int rowCount() {
        return rows.size();
    }

    public String render() {
        StringBuilder md = new StringBuilder("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (boolean r : right) {
            md.append(r ? "---:|" : "---|");
        }
        md.append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return md.toString();
    }
}
