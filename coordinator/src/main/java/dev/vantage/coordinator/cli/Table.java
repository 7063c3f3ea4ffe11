package dev.vantage.coordinator.cli;

import dev.vantage.common.text.Display;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Columns aligned for people: two spaces between columns, no trailing blanks. Cells are escaped
 * ({@link Display#escape}): much of what they show came from agents or other users' input, and a
 * terminal must not act on control characters in it. Either collect
 * rows and {@link #print} them, or {@link #stream} rows as they come with widths fixed up front.
 */
final class Table {
    private static final String GAP = "  ";
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    Table(String... headers) {
        this(Arrays.asList(headers));
    }

    Table add(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size() + ": " + cells);
        }
        rows.add(cells.stream().map(Display::escape).toList());
        return this;
    }

    Table add(String... cells) {
        return add(Arrays.asList(cells));
    }

    /** The header (unless every header is empty) and all rows, each column as wide as its widest cell. */
    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        if (headers.stream().anyMatch(h -> !h.isEmpty())) {
            out.println(line(headers, widths));
        }
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
        out.flush();
    }

    /**
     * Rows printed (and flushed) one by one; column {@code i} is {@code widths[i]} wide (or its header's width).
     * The header is printed with the first row, so a call that fails early prints no lone header.
     */
    Stream stream(PrintWriter out, int... widths) {
        int[] fixed = new int[headers.size()];
        for (int i = 0; i < fixed.length; i++) {
            fixed[i] = Math.max(headers.get(i).length(), i < widths.length ? widths[i] : 0);
        }
        return new Stream(out, fixed);
    }

    final class Stream {
        private final PrintWriter out;
        private final int[] widths;
        private boolean headerPrinted;

        private Stream(PrintWriter out, int[] widths) {
            this.out = out;
            this.widths = widths;
        }

        void row(List<String> cells) {
            if (!headerPrinted) {
                out.println(line(headers, widths));
                headerPrinted = true;
            }
            out.println(line(cells.stream().map(Display::escape).toList(), widths));
            out.flush();
        }
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            b.append(cell);
            if (i < cells.size() - 1) {
                b.append(" ".repeat(Math.max(0, widths[i] - cell.length()))).append(GAP);
            }
        }
        return b.toString().stripTrailing();
    }
}
