package io.pivotreport.test;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tiny {@code /bin/sh} watchdog that runs a clean-up script when this JVM dies, even by SIGKILL.
 *
 * <p>Shutdown hooks do not run on SIGKILL (or when a test runner is killed on timeout), and a postmaster started by
 * {@code pg_ctl} is not our child: it would survive. The watchdog blocks reading a pipe whose only writer is this JVM;
 * when the JVM is gone the read returns end-of-file and the script runs. A normal shutdown {@linkplain #cancel() cancels}
 * it first. Best effort: if {@code /bin/sh} is missing, nothing is watched.
 */
public final class OrphanReaper {

    /** Strong references: a collected Process could close the pipe and fire the script early. */
    private static final List<OrphanReaper> LIVE = new ArrayList<>();

    private final Process process;
    private final OutputStream pipe;

    private OrphanReaper(Process process) {
        this.process = process;
        this.pipe = process.getOutputStream();
    }

    /**
     * Starts a watchdog that runs {@code script} (POSIX sh) once this JVM has exited without cancelling it.
     *
     * @return the watchdog, or {@code null} when none could be started
     */
    public static OrphanReaper start(String name, String script) {
        try {
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c",
                    "trap '' INT HUP; read -r _ignored; " + script, "pivot-reaper-" + name);
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            OrphanReaper reaper = new OrphanReaper(builder.start());
            synchronized (LIVE) {
                LIVE.add(reaper);
            }
            return reaper;
        } catch (IOException e) {
            return null;
        }
    }

    /** Stops the watchdog without running its script (the owner cleaned up itself). */
    public void cancel() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            pipe.close();
        } catch (IOException ignored) {
            // already gone
        }
        synchronized (LIVE) {
            LIVE.remove(this);
        }
    }

    /** The watchdog's process id. */
    public long pid() {
        return process.pid();
    }

    /** Single-quotes a value for sh. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
