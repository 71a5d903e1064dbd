package io.pivotreport.launcher;

import io.pivotreport.test.Processes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One service as a child process: {@code java -jar <module>/target/quarkus-app/quarkus-run.jar}. */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ServiceSpec spec;
    private final Path runDir;
    private final Path logFile;
    private final String readyUrl;
    private Process process;

    private ServiceProcess(ServiceSpec spec, Path runDir, Path logFile, String readyUrl) {
        this.spec = spec;
        this.runDir = runDir;
        this.logFile = logFile;
        this.readyUrl = readyUrl;
    }

    /** Writes {@code config/application.properties} into the run directory and starts the service. */
    public static ServiceProcess start(ServiceSpec spec, Settings settings, Map<String, String> properties,
                                       String readyUrl) {
        Path runDir = settings.runDir().resolve(spec.name());
        Path logFile = settings.logsDir().resolve(spec.name() + ".log");
        ServiceProcess service = new ServiceProcess(spec, runDir, logFile, readyUrl);
        try {
            Files.createDirectories(runDir.resolve("config"));
            Files.createDirectories(logFile.getParent());
            writeProperties(runDir.resolve("config/application.properties"), spec, properties);
            if (Files.exists(logFile)) {
                Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
                command.add("setsid"); // own session: a terminal Ctrl-C reaches the launcher only, which stops in order
            }
            command.add(settings.javaExecutable());
            for (String opt : settings.serviceJavaOpts().split("\\s+")) {
                if (!opt.isBlank()) {
                    command.add(opt);
                }
            }
            command.add("-jar");
            command.add(spec.jar(settings.home()).toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(runDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // glibc gives every thread that allocates its own arena; two are plenty for a small JVM (~10 MiB RSS less)
            builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            service.process = builder.start();
            Files.writeString(service.pidFile(), service.process.pid() + "\n");
            return service;
        } catch (IOException e) {
            throw new LauncherException("cannot start " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    static void writeProperties(Path file, ServiceSpec spec, Map<String, String> properties) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# Written by ./platform up for ").append(spec.name())
                .append(" (local development). Regenerated on every start: edit ServiceSpec, not this file.\n");
        properties.forEach((k, v) -> text.append(k).append('=').append(escape(v)).append('\n'));
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not POSIX
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /**
     * Waits until {@code GET /q/health/ready} answers 200; fails early if the process exits. Returns normally when
     * ready, throws with the last log lines otherwise.
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LauncherException(spec.name() + " exited with code " + process.exitValue()
                        + " while starting; last lines of " + logFile + ":\n" + logTail(30));
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(readyUrl))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = "not answering (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LauncherException("interrupted while waiting for " + spec.name());
            }
            sleep(300);
        }
        throw new LauncherException(spec.name() + " was not ready within " + timeout.toSeconds() + " s (" + readyUrl
                + ": " + last + "); raise PIVOT_START_TIMEOUT_SECONDS if it is just slow. Last lines of " + logFile
                + ":\n" + logTail(30));
    }

    /** Readiness right now: "ready", "HTTP 503", "not answering". */
    public static String probe(String readyUrl) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(readyUrl))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? "ready" : "not ready (HTTP " + response.statusCode() + ")";
        } catch (IOException e) {
            return "not answering";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. */
    public void stop(Duration grace) {
        if (process != null && process.isAlive()) {
            Processes.stop(process.pid(), "TERM", grace);
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // best effort
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public ServiceSpec spec() {
        return spec;
    }

    public Path logFile() {
        return logFile;
    }

    public String readyUrl() {
        return readyUrl;
    }

    public Path pidFile() {
        return runDir.resolve("service.pid");
    }

    /** The last {@code n} lines of the service's log. */
    public String logTail(int n) {
        return tail(logFile, n);
    }

    /**
     * The last {@code n} lines of a log; when the first ERROR lines lie before them (a long stack trace), those come
     * first, so the cause is visible and not only the end of a trace.
     */
    static String tail(Path file, int n) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(file)) {
                return "(no log file)";
            }
            lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\\R"));
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
        int from = Math.max(0, lines.size() - n);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < from && out.size() < 3; i++) {
            String line = lines.get(i);
            if (line.contains("ERROR") && !line.startsWith("\t") && !line.startsWith(" ")) {
                out.add(line);
            }
        }
        if (!out.isEmpty()) {
            out.add("  [...]");
        }
        out.addAll(lines.subList(from, lines.size()));
        return String.join("\n", out);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
