package io.pivotreport.launcher;

import io.pivotreport.test.Processes;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar platform-launcher.jar <up|down|status> [--home DIR] [--skip-missing]}; normally run through the
 * top-level {@code ./platform} script, which builds what is missing first.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        String command = null;
        Path home = Path.of("").toAbsolutePath();
        boolean skipMissing = false;
        String engineer = null;
        String ttl = null;
        List<ServiceSpec> only = ServiceSpec.START_ORDER;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]);
                case "--skip-missing" -> skipMissing = true;
                case "--engineer" -> engineer = i + 1 < args.length ? args[++i] : null;
                case "--ttl" -> ttl = i + 1 < args.length ? args[++i] : null;
                case "--only" -> {
                    if (i + 1 >= args.length) {
                        out.println("--only needs a list, e.g. --only report-service,gateway-service");
                        return 2;
                    }
                    List<ServiceSpec> chosen = new ArrayList<>();
                    for (String name : args[++i].split(",")) {
                        ServiceSpec spec = ServiceSpec.START_ORDER.stream()
                                .filter(s -> s.name().equals(name.trim()) || s.name().equals(name.trim() + "-service"))
                                .findFirst().orElse(null);
                        if (spec == null) {
                            out.println("unknown service '" + name + "' (known: license, report, analytics, gateway)");
                            return 2;
                        }
                        chosen.add(spec);
                    }
                    only = ServiceSpec.START_ORDER.stream().filter(chosen::contains).toList();
                }
                case "-h", "--help", "help" -> {
                    usage(out);
                    return 0;
                }
                default -> {
                    if (command != null || args[i].startsWith("-")) {
                        out.println("unknown argument: " + args[i]);
                        usage(out);
                        return 2;
                    }
                    command = args[i];
                }
            }
        }
        if (command == null) {
            usage(out);
            return 2;
        }
        Settings settings = Settings.fromEnvironment(home);
        try {
            return switch (command) {
                case "up" -> up(settings, new Platform.Options(skipMissing, only), out);
                case "down" -> new Control(settings, out).down();
                case "status" -> new Control(settings, out).status();
                case "support-token" -> supportToken(settings, engineer, ttl, out);
                default -> {
                    out.println("unknown command: " + command);
                    usage(out);
                    yield 2;
                }
            };
        } catch (LauncherException e) {
            out.println();
            out.println("ERROR: " + e.getMessage());
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: ./platform up [--skip-missing] [--only svc,...] | down | status | support-token");
        out.println("  up      start PostgreSQL, Kafka and the four services in the foreground (Ctrl-C stops all)");
        out.println("          --skip-missing: start without services whose jar is not built");
        out.println("          --only license,report: start just these services (PostgreSQL and Kafka always)");
        out.println("  down    stop a platform started by ./platform up (and anything a killed run left behind)");
        out.println("  status  show what runs and whether each service is ready");
        out.println("  support-token --engineer <id> [--ttl PT10M]");
        out.println("          print a support token of the development support issuer (at most PT15M)");
    }

    static int supportToken(Settings settings, String engineer, String ttl, PrintStream out) {
        java.time.Duration lifetime;
        try {
            lifetime = ttl == null ? SupportToken.DEFAULT_TTL : java.time.Duration.parse(ttl);
        } catch (java.time.format.DateTimeParseException e) {
            out.println("--ttl must be an ISO-8601 duration such as PT10M");
            return 2;
        }
        out.println(SupportToken.mint(SupportToken.keys(settings), engineer, lifetime, java.time.Clock.systemUTC()));
        return 0;
    }

    static int up(Settings settings, Platform.Options options, PrintStream out) {
        Control control = new Control(settings, out);
        OptionalLong running = control.runningLauncher();
        if (running.isPresent()) {
            throw new LauncherException("the platform is already running (launcher pid " + running.getAsLong()
                    + "): see ./platform status, stop it with ./platform down");
        }
        try {
            Files.createDirectories(settings.stateDir());
            Files.writeString(settings.pidFile(), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new LauncherException("cannot write " + settings.pidFile() + ": " + e.getMessage(), e);
        }
        LogSetup.toFile(settings.logsDir().resolve("platform.log"));
        control.stopStale();

        Console console = new Console(out, Platform.stepCount(options));
        out.println("Starting Pivot Report Cloud from " + settings.home());
        CountDownLatch stopped = new CountDownLatch(1);
        Platform[] holder = new Platform[1];
        Thread hook = new Thread(() -> {
            Platform p;
            synchronized (holder) {
                p = holder[0];
            }
            if (p != null) {
                out.println();
                out.println("Stopping services, Kafka and PostgreSQL ...");
                p.close();
                out.println("Stopped.");
            }
            deletePidFile(settings);
            stopped.countDown();
        }, "platform-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Platform platform = Platform.create(settings, console, options);
        synchronized (holder) {
            holder[0] = platform; // Ctrl-C while starting stops what is already running
        }
        try {
            platform.start();
        } catch (LauncherException e) {
            deletePidFile(settings);
            throw e;
        }
        out.println();
        out.println(platform.summary());
        out.flush();

        // foreground: report services that die; the shutdown hook (Ctrl-C / ./platform down) ends the JVM
        List<ServiceProcess> reported = new ArrayList<>();
        while (stopped.getCount() > 0) {
            for (ServiceProcess s : platform.crashedServices()) {
                if (!reported.contains(s)) {
                    reported.add(s);
                    out.println("WARNING: " + s.spec().name() + " exited (code " + s.exitCode() + "); last lines of "
                            + s.logFile() + ":\n" + s.logTail(30));
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return 0;
    }

    private static void deletePidFile(Settings settings) {
        OptionalLong pid = Processes.readPidFile(settings.pidFile());
        if (pid.isPresent() && pid.getAsLong() == ProcessHandle.current().pid()) {
            try {
                Files.deleteIfExists(settings.pidFile());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
