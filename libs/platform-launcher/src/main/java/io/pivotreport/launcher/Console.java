package io.pivotreport.launcher;

import java.io.PrintStream;

/** Progress for the person at the terminal: one line per step. */
public final class Console {

    private final PrintStream out;
    private final int total;
    private int step;
    private long stepStart;
    private boolean open;

    public Console(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    /** Starts a step: prints {@code [n/total] label ... } without ending the line. */
    public synchronized void step(String label) {
        closeLine();
        step++;
        stepStart = System.nanoTime();
        out.printf("[%d/%d] %-34s ", step, total, label + " ...");
        out.flush();
        open = true;
    }

    /** Ends the current step's line with its outcome and the time it took. */
    public synchronized void done(String outcome) {
        long ms = (System.nanoTime() - stepStart) / 1_000_000;
        out.printf("%s (%.1f s)%n", outcome, ms / 1000.0);
        out.flush();
        open = false;
    }

    /** Ends the current step's line as failed. */
    public synchronized void failed(String outcome) {
        if (open) {
            out.println("FAILED");
            open = false;
        }
        out.flush();
    }

    public synchronized void warn(String message) {
        closeLine();
        out.println("WARNING: " + message);
        out.flush();
    }

    public synchronized void info(String message) {
        closeLine();
        out.println(message);
        out.flush();
    }

    private void closeLine() {
        if (open) {
            out.println();
            open = false;
        }
    }
}
