package dev.vantage.coordinator.cli;

import java.io.PrintWriter;

/**
 * A progress bar on one line of a terminal ({@code applying [#####.....] 5000/10000}), redrawn in place;
 * nothing at all when the output is not a terminal, so logs and pipes stay clean.
 */
final class Progress implements AutoCloseable {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final String label;
    private final int total;
    private int done;
    private boolean open;

    private Progress(PrintWriter out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /** A bar on {@code out} when there is a terminal and something to count, else one that draws nothing. */
    static Progress onTerminal(PrintWriter out, String label, int total) {
        Progress p = new Progress(out, label, total);
        p.open = System.console() != null && total > 0;
        p.draw();
        return p;
    }

    void advance(int n) {
        done = Math.min(total, done + n);
        draw();
    }

    private void draw() {
        if (open) {
            int filled = (int) ((long) WIDTH * done / total);
            out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total);
            out.flush();
        }
    }

    /** Ends the bar's line. */
    @Override
    public void close() {
        if (open) {
            out.println();
            out.flush();
            open = false;
        }
    }
}
