package io.pivotreport.launcher;

import io.pivotreport.test.EmbeddedPostgresServer;
import io.pivotreport.test.Ports;
import io.pivotreport.test.Processes;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.stream.Stream;

/** {@code ./platform down} and {@code ./platform status}, and the stale-process clean-up {@code up} runs first. */
public final class Control {

    /** How long {@code down} waits for the launcher to stop everything after SIGTERM. */
    static final Duration DOWN_TIMEOUT = Duration.ofSeconds(120);

    private final Settings settings;
    private final PrintStream out;

    public Control(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** The pid of a live launcher recorded in {@code .platform/platform.pid}, if any. */
    public OptionalLong runningLauncher() {
        OptionalLong pid = Processes.readPidFile(settings.pidFile());
        if (pid.isPresent() && Processes.isAlive(pid.getAsLong()) && pid.getAsLong() != ProcessHandle.current().pid()
                && Processes.commandLine(pid.getAsLong()).map(Control::isLauncher).orElse(false)) {
            return pid;
        }
        return OptionalLong.empty();
    }

    static boolean isLauncher(String commandLine) {
        return commandLine.contains("platform-launcher") || commandLine.contains("io.pivotreport.launcher");
    }

    /** Stops a running launcher (SIGTERM, it stops what it started), then anything a killed run left behind. */
    public int down() {
        OptionalLong launcher = runningLauncher();
        if (launcher.isPresent()) {
            long pid = launcher.getAsLong();
            out.println("Stopping the platform (launcher pid " + pid + ") ...");
            Processes.signal(pid, "TERM");
            if (Processes.awaitExit(pid, DOWN_TIMEOUT)) {
                out.println("Stopped.");
            } else {
                out.println("The launcher did not stop within " + DOWN_TIMEOUT.toSeconds() + " s: killing it.");
                Processes.signal(pid, "KILL");
                Processes.awaitExit(pid, Duration.ofSeconds(10));
            }
        }
        int stale = stopStale();
        if (launcher.isEmpty() && stale == 0) {
            out.println("Nothing is running.");
        }
        deleteQuietly(settings.pidFile());
        deleteQuietly(settings.stateFile());
        return 0;
    }

    /** Stops services and a postmaster left running by a launcher that was killed; returns how many. */
    public int stopStale() {
        int stopped = 0;
        if (Files.isDirectory(settings.runDir())) {
            try (Stream<Path> dirs = Files.list(settings.runDir())) {
                for (Path dir : (Iterable<Path>) dirs::iterator) {
                    Path pidFile = dir.resolve("service.pid");
                    OptionalLong pid = Processes.readPidFile(pidFile);
                    if (pid.isPresent() && Processes.isAlive(pid.getAsLong()) && Processes.commandLine(pid.getAsLong())
                            .map(c -> c.contains("quarkus-run.jar")).orElse(false)) {
                        out.println("Stopping " + dir.getFileName() + " left running by a previous run (pid "
                                + pid.getAsLong() + ")");
                        Processes.stop(pid.getAsLong(), "TERM", Platform.SERVICE_STOP_GRACE);
                        stopped++;
                    }
                    deleteQuietly(pidFile);
                }
            } catch (IOException e) {
                out.println("WARNING: cannot scan " + settings.runDir() + ": " + e.getMessage());
            }
        }
        OptionalLong postmaster = Processes.readPidFile(settings.postgresDir().resolve("postmaster.pid"));
        if (EmbeddedPostgresServer.stopStalePostmaster(settings.postgresDir())) {
            out.println("Stopped PostgreSQL left running by a previous run (pid " + postmaster.getAsLong() + ")");
            stopped++;
        }
        return stopped;
    }

    /** Prints what runs and each service's readiness; 0 when everything recorded is up and ready. */
    public int status() {
        OptionalLong launcher = runningLauncher();
        Properties state = new Properties();
        if (Files.isRegularFile(settings.stateFile())) {
            try (InputStream in = Files.newInputStream(settings.stateFile())) {
                state.load(in);
            } catch (IOException e) {
                out.println("WARNING: cannot read " + settings.stateFile() + ": " + e.getMessage());
            }
        }
        if (launcher.isEmpty()) {
            out.println("Platform: not running (start it with ./platform up)");
            List<String> leftovers = new ArrayList<>();
            OptionalLong pg = Processes.readPidFile(settings.postgresDir().resolve("postmaster.pid"));
            if (pg.isPresent() && Processes.isAlive(pg.getAsLong())) {
                leftovers.add("PostgreSQL (pid " + pg.getAsLong() + ")");
            }
            if (!leftovers.isEmpty()) {
                out.println("Left behind by a killed run: " + String.join(", ", leftovers)
                        + " -- ./platform down stops them");
            }
            return 3;
        }
        out.println("Platform: running (launcher pid " + launcher.getAsLong() + ")");
        boolean allGood = true;
        if (!state.containsKey("kafka.bootstrap")) {
            out.println("  still starting (see the terminal running ./platform up)");
            return 1;
        }
        String pgUrl = state.getProperty("pg.url", "?");
        boolean pgUp = reachable(pgUrl);
        out.printf("  %-18s %-8s %s%n", "PostgreSQL", pgUp ? "up" : "DOWN",
                state.getProperty("pg.mode", "?") + " " + pgUrl);
        allGood &= pgUp;
        String bootstrap = state.getProperty("kafka.bootstrap", "?");
        boolean kafkaUp = reachable(bootstrap);
        out.printf("  %-18s %-8s %s%n", "Kafka", kafkaUp ? "up" : "DOWN",
                state.getProperty("kafka.mode", "?") + " " + bootstrap);
        allGood &= kafkaUp;
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            String pid = state.getProperty("service." + spec.name() + ".pid");
            String url = state.getProperty("service." + spec.name() + ".ready-url");
            if (pid == null || url == null) {
                out.printf("  %-18s %-8s%n", spec.name(), "not started");
                continue;
            }
            boolean alive = Processes.isAlive(Long.parseLong(pid));
            String readiness = alive ? ServiceProcess.probe(url) : "exited";
            out.printf("  %-18s %-8s pid %s, %s  log %s%n", spec.name(), alive ? "up" : "DOWN", pid,
                    readiness + " (" + url + ")", state.getProperty("service." + spec.name() + ".log", "?"));
            allGood &= alive && "ready".equals(readiness);
        }
        return allGood ? 0 : 1;
    }

    /** host:port from a JDBC URL or a bootstrap list accepts connections. */
    static boolean reachable(String address) {
        if (address == null || address.isBlank() || "?".equals(address)) {
            return false;
        }
        String hostPort = address.replaceFirst("^jdbc:postgresql://", "").split("[/?,]")[0];
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return Ports.isOpen(hostPort, address.startsWith("jdbc:") ? 5432 : 9092, 1000);
        }
        try {
            return Ports.isOpen(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), 1000);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
