package io.pivotreport.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Process helpers: signals by pid, waiting, reading pid files. */
public final class Processes {

    private Processes() {
    }

    /** Whether a process with this pid is alive. */
    public static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The command line of a live process, if the OS tells. */
    public static Optional<String> commandLine(long pid) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return Optional.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ').trim());
            }
        } catch (IOException ignored) {
            // fall through
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine());
    }

    /** Sends a named signal (TERM, INT, KILL...) with {@code kill}; false when the process was already gone. */
    public static boolean signal(long pid, String signal) {
        if (!isAlive(pid)) {
            return false;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor() == 0;
        } catch (IOException e) {
            // no kill binary: fall back to Java's own signals
            ProcessHandle.of(pid).ifPresent("KILL".equals(signal) ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the process is gone; true if it is. */
    public static boolean awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isAlive(pid);
            }
        }
        return true;
    }

    /** Sends {@code signal}, waits up to {@code grace}, then SIGKILL; true if the process is gone at the end. */
    public static boolean stop(long pid, String signal, Duration grace) {
        if (!isAlive(pid)) {
            return true;
        }
        signal(pid, signal);
        if (awaitExit(pid, grace)) {
            return true;
        }
        signal(pid, "KILL");
        return awaitExit(pid, Duration.ofSeconds(5));
    }

    /** The pid on the first line of a pid file (PostgreSQL's postmaster.pid, ours), if any. */
    public static OptionalLong readPidFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return OptionalLong.empty();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
