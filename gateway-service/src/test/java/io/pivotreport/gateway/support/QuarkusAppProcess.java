package io.pivotreport.gateway.support;

import io.pivotreport.test.DatabaseInfo;
import io.pivotreport.test.OrphanReaper;
import io.pivotreport.test.Ports;
import io.pivotreport.test.Processes;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) run as a child process of the test JVM:
 * random free ports on 127.0.0.1, configuration as {@code -D} system properties, {@link #start()} returns once
 * {@code /q/health/ready} answers 200 (on the HTTP port or the management port), {@link #stop()} sends SIGTERM and
 * waits. Nothing here knows which service it runs: it is meant to move to platform-test for the system tests.
 *
 * <pre>{@code
 * QuarkusAppProcess license = QuarkusAppProcess.builder("license-service", Path.of("../license-service"))
 *         .datasource(TestPostgres.shared().createDatabase("license"))
 *         .kafka(TestKafka.shared().bootstrapServers())
 *         .internalJwtVerification(TestKeys.publicKeyPem(), "pivot-gateway")
 *         .property("pivot.license.encryption.active-key-id", "k1")
 *         .build().start();
 * URI base = license.baseUrl();
 * }</pre>
 */
public final class QuarkusAppProcess implements AutoCloseable {

    private final String name;
    private final Path runJar;
    private final Path snapshotDir;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Duration readyTimeout;
    private final Path logFile;
    private final int port;
    private final int managementPort;
    private Process process;
    private OrphanReaper reaper;
    private Thread shutdownHook;

    private QuarkusAppProcess(Builder builder) {
        this.name = builder.name;
        Path app = builder.moduleDir.resolve("target/quarkus-app").toAbsolutePath().normalize();
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(name + " is not packaged: " + app + "/quarkus-run.jar is missing (run `mvn -pl "
                    + name + " package -DskipTests`)");
        }
        this.snapshotDir = builder.snapshot ? snapshot(name, app) : null;
        this.runJar = (snapshotDir != null ? snapshotDir : app).resolve("quarkus-run.jar");
        this.properties = new LinkedHashMap<>(builder.properties);
        this.environment = new LinkedHashMap<>(builder.environment);
        this.readyTimeout = builder.readyTimeout;
        this.port = Ports.freePort();
        int management = Ports.freePort();
        while (management == port) {
            management = Ports.freePort();
        }
        this.managementPort = management;
        try {
            this.logFile = builder.logDirectory == null
                    ? Files.createTempFile("pivot-" + name + "-", ".log")
                    : Files.createDirectories(builder.logDirectory).resolve(name + ".log");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the log file of " + name, e);
        }
    }

    /**
     * A private copy of the packaged application, so a rebuild of the module (which deletes {@code target}) cannot pull
     * the files from under a running or restarting process.
     */
    private static Path snapshot(String name, Path app) {
        try {
            Path copy = Files.createTempDirectory("pivot-app-" + name + "-");
            try (var files = Files.walk(app)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(app.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the packaged " + name, e);
        }
    }

    private static void deleteTree(Path root) {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }

    /** @param moduleDir the Maven module of the application (its {@code target/quarkus-app} is run) */
    public static Builder builder(String name, Path moduleDir) {
        return new Builder(name, moduleDir);
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    /** Where the process's stdout and stderr go. */
    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the application and waits until it is ready. */
    public synchronized QuarkusAppProcess start() {
        if (isRunning()) {
            return this;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(runJar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(runJar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
        // A child process outlives a killed test JVM unless someone stops it: a watchdog for SIGKILL, a hook otherwise.
        reaper = OrphanReaper.start(name, "kill -TERM " + process.pid());
        shutdownHook = new Thread(this::stop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitReady();
        return this;
    }

    /** Stops the application (SIGTERM, then SIGKILL after 15 s); idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Processes.stop(process.pid(), "TERM", Duration.ofSeconds(15));
        process = null;
        if (reaper != null) {
            reaper.cancel();
            reaper = null;
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down
            }
        }
        shutdownHook = null;
    }

    /** Stops the application and removes its private copy, if any. */
    @Override
    public void close() {
        stop();
        if (snapshotDir != null) {
            deleteTree(snapshotDir);
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        try {
            Awaitility.await(name + " ready").atMost(readyTimeout).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue()
                                    + " while starting:\n" + tail());
                        }
                        return ready(client, port) || ready(client, managementPort);
                    });
        } catch (ConditionTimeoutException e) {
            stop();
            throw new IllegalStateException(name + " was not ready within " + readyTimeout.toSeconds() + " s:\n"
                    + tail());
        }
    }

    private static boolean ready(HttpClient client, int port) {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the process log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "QuarkusAppProcess[" + name + " on " + port + "]";
    }

    public static final class Builder {
        private final String name;
        private final Path moduleDir;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration readyTimeout = Duration.ofSeconds(90);
        private Path logDirectory;
        private boolean snapshot;

        private Builder(String name, Path moduleDir) {
            this.name = Objects.requireNonNull(name, "name");
            this.moduleDir = Objects.requireNonNull(moduleDir, "moduleDir");
        }

        /** Any configuration property, passed as {@code -Dkey=value}. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /** The default datasource. */
        public Builder datasource(DatabaseInfo database) {
            return property("quarkus.datasource.jdbc.url", database.jdbcUrl())
                    .property("quarkus.datasource.username", database.user())
                    .property("quarkus.datasource.password", database.password());
        }

        public Builder kafka(String bootstrapServers) {
            return property("kafka.bootstrap.servers", bootstrapServers);
        }

        /** Verification of internal tokens: the public key file and the issuer. */
        public Builder internalJwtVerification(Path publicKeyPem, String issuer) {
            return property("mp.jwt.verify.publickey.location", publicKeyPem.toAbsolutePath().toString())
                    .property("mp.jwt.verify.issuer", issuer);
        }

        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /** Run a private copy of {@code target/quarkus-app}, immune to rebuilds of the module meanwhile. */
        public Builder snapshot(boolean snapshot) {
            this.snapshot = snapshot;
            return this;
        }

        /** Directory for {@code <name>.log}; default a temporary file. */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = logDirectory;
            return this;
        }

        public QuarkusAppProcess build() {
            return new QuarkusAppProcess(this);
        }
    }
}
