package org.bcpki.eval;

import java.io.PrintStream;

/** A one-line progress bar on stderr (stdout stays clean for --json). */
public final class Progress {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean enabled;
    private final int total;
    private int done;
    private String label = "";

    public Progress(PrintStream err, int total, boolean enabled) {
        this.err = err;
        this.total = Math.max(1, total);
        this.enabled = enabled;
    }

    public synchronized void step(String label) {
        this.label = label;
        draw();
    }

    public synchronized void advance() {
        done = Math.min(total, done + 1);
        draw();
    }

    public synchronized void finish() {
        done = total;
        label = "done";
        draw();
        if (enabled) {
            err.println();
        }
    }

    private void draw() {
        if (!enabled) {
            return;
        }
        int filled = WIDTH * done / total;
        err.printf("\r[%s%s] %3d%% %-40.40s", "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * done / total, label);
        err.flush();
    }
}
