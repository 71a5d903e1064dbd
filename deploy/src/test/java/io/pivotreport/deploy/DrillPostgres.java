package io.pivotreport.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster for the restore drill, run from the binaries that {@code install-tools.sh --server}
 * found: the server and pg_dump must share a major version, which the embedded PostgreSQL 17 of the other tests
 * cannot offer (its bundle has no pg_dump). As root the cluster runs as the {@code postgres} system user (initdb
 * refuses root). The superuser is trusted on loopback; every other role must give its password.
 */
final class DrillPostgres implements AutoCloseable {

    private final Path pgBin;
    private final Path dir;
    private final int port;
    private final Thread stopOnExit;

    private DrillPostgres(Path pgBin, Path dir, int port) {
        this.pgBin = pgBin;
        this.dir = dir;
        this.port = port;
        this.stopOnExit = new Thread(this::stopQuietly, "drill-postgres-stop");
    }

    static DrillPostgres start(Path pgBin) throws IOException {
        Path dir = Files.createTempDirectory("pivot-drill-pg-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DrillPostgres server = new DrillPostgres(pgBin, dir, port);
        if (Commands.isRoot()) {
            Commands.run(List.of("chown", "postgres:postgres", dir.toString()), Map.of(), Duration.ofSeconds(10))
                    .assertSuccess("chown of the drill directory");
        }
        server.asServerUser(List.of(pgBin.resolve("initdb").toString(), "-D", server.data().toString(),
                "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C"),
                "initdb");
        Path hba = server.data().resolve("pg_hba.conf");
        String trustedSuperuser = "host all postgres 127.0.0.1/32 trust\n";
        server.asServerUser(List.of("sh", "-c", "printf '%s' \"$0\" | cat - \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"",
                trustedSuperuser, hba.toString()), "pg_hba.conf");
        server.asServerUser(List.of(pgBin.resolve("pg_ctl").toString(), "-D", server.data().toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), "pg_ctl start");
        Runtime.getRuntime().addShutdownHook(server.stopOnExit);
        return server;
    }

    int port() {
        return port;
    }

    /** A new database owned by a new login role of the same name with {@code password}. */
    void createDatabase(String name, String password) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + name + " OWNER " + name);
            s.execute("REVOKE CONNECT ON DATABASE " + name + " FROM PUBLIC");
        }
    }

    /** A new empty database owned by an existing role (the restore target an operator prepares). */
    void createDatabaseOwnedBy(String name, String owner) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + owner);
        }
    }

    /** A copy of {@code template} (which nobody may be connected to) owned by {@code owner}. */
    void createDatabaseFromTemplate(String name, String template, String owner) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE " + template + " OWNER " + owner);
        }
    }

    Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, user, password);
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
    }

    private void stopQuietly() {
        if (Files.exists(data().resolve("postmaster.pid"))) {
            asServerUser(List.of(pgBin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w",
                    "stop"), null);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void asServerUser(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (Commands.isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Commands.Result result = Commands.run(full, Map.of(), Duration.ofSeconds(90));
        if (what != null) {
            result.assertSuccess(what);
        }
    }
}
