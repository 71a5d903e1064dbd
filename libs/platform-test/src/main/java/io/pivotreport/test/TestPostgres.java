package io.pivotreport.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The real PostgreSQL server of this JVM's tests, started lazily once and stopped by a shutdown hook.
 *
 * <pre>{@code
 * DatabaseInfo db = TestPostgres.shared().createDatabase("license");
 * try (Connection c = db.connect()) { ... }
 * }</pre>
 *
 * Where the server comes from is decided once (see {@link ServerSource}): {@code PIVOT_TEST_PG_URL} (a JDBC URL to an
 * administrative database, with {@code PIVOT_TEST_PG_USER} / {@code PIVOT_TEST_PG_PASSWORD}), else Testcontainers
 * ({@code PIVOT_TEST_PG_IMAGE}, default {@value ContainerServers#DEFAULT_POSTGRES_IMAGE}) when Docker answers, else an
 * embedded PostgreSQL 17. Never H2.
 */
public final class TestPostgres {

    private static final Logger LOG = Logger.getLogger(TestPostgres.class.getName());
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile TestPostgres shared;

    private final ServerSource source;
    private final PostgresAdmin admin;
    private final AutoCloseable stopper;

    private TestPostgres(ServerSource source, PostgresAdmin admin, AutoCloseable stopper) {
        this.source = source;
        this.admin = admin;
        this.stopper = stopper;
    }

    /**
     * The server of this JVM, started on first use. Shared across class loaders too (Quarkus may load this class once
     * per test application): the first one to start it publishes it in system properties, the others attach.
     */
    public static TestPostgres shared() {
        TestPostgres s = shared;
        if (s == null) {
            synchronized (JvmShared.LOCK) {
                s = shared;
                if (s == null) {
                    String url = System.getProperty(JvmShared.PG_URL);
                    if (url != null) {
                        s = new TestPostgres(ServerSource.valueOf(System.getProperty(JvmShared.PG_SOURCE)),
                                new PostgresAdmin(url, System.getProperty(JvmShared.PG_USER),
                                        System.getProperty(JvmShared.PG_PASSWORD)), () -> { });
                    } else {
                        s = start(System::getenv);
                        TestPostgres started = s;
                        Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "pivot-test-postgres-stop"));
                        DatabaseInfo admin = s.admin();
                        System.setProperty(JvmShared.PG_USER, admin.user());
                        System.setProperty(JvmShared.PG_PASSWORD, admin.password());
                        System.setProperty(JvmShared.PG_SOURCE, s.source.name());
                        System.setProperty(JvmShared.PG_URL, admin.jdbcUrl());
                    }
                    shared = s;
                }
            }
        }
        return s;
    }

    /** Resolves and starts a server from the given environment (tests pass their own lookup). */
    static TestPostgres start(UnaryOperator<String> env) {
        long t0 = System.nanoTime();
        TestPostgres result;
        String url = env.apply("PIVOT_TEST_PG_URL");
        if (ServerSource.isSet(url)) {
            String user = ServerSource.isSet(env.apply("PIVOT_TEST_PG_USER")) ? env.apply("PIVOT_TEST_PG_USER") : "postgres";
            String password = env.apply("PIVOT_TEST_PG_PASSWORD");
            result = new TestPostgres(ServerSource.ENVIRONMENT, new PostgresAdmin(url, user, password), () -> { });
        } else if (ServerSource.dockerAvailable(env)) {
            String image = ServerSource.isSet(env.apply("PIVOT_TEST_PG_IMAGE"))
                    ? env.apply("PIVOT_TEST_PG_IMAGE") : ContainerServers.DEFAULT_POSTGRES_IMAGE;
            String[] adminInfo = new String[3];
            AutoCloseable stop = ContainerServers.startPostgres(image, adminInfo);
            result = new TestPostgres(ServerSource.TESTCONTAINERS,
                    new PostgresAdmin(adminInfo[0], adminInfo[1], adminInfo[2]), stop);
        } else {
            EmbeddedPostgresServer server = startEmbedded();
            result = new TestPostgres(ServerSource.EMBEDDED,
                    new PostgresAdmin(server.adminJdbcUrl(), EmbeddedPostgresServer.SUPERUSER, ""), server::close);
        }
        LOG.info(() -> String.format("test PostgreSQL (%s) ready at %s in %d ms", result.source,
                result.admin.admin().jdbcUrl(), (System.nanoTime() - t0) / 1_000_000));
        return result;
    }

    private static EmbeddedPostgresServer startEmbedded() {
        try {
            Path dir = Files.createTempDirectory("pivot-test-pg-");
            return EmbeddedPostgresServer.builder()
                    .dataDirectory(dir.resolve("data"))
                    .logFile(dir.resolve("postgres.log"))
                    .forThrowAwayData()
                    .build()
                    .start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A fresh, empty database {@code name} owned by its own role (same name, random password); an existing one of that
     * name is dropped first. Names: {@code [a-z_][a-z0-9_]*}, at most 63 characters.
     */
    public DatabaseInfo createDatabase(String name) {
        return admin.createFreshDatabase(PostgresAdmin.requireName(name));
    }

    /** A fresh database with a unique generated name ({@code test_<n>_<random>}). */
    public DatabaseInfo createDatabase() {
        return createDatabase(uniqueName("test"));
    }

    /** Administrative connection info (superuser on embedded and container servers). */
    public DatabaseInfo admin() {
        return admin.admin();
    }

    /** Where this server comes from. */
    public ServerSource source() {
        return source;
    }

    /** {@code prefix_<n>_<random>}: unique in this JVM and very likely across JVMs sharing one server. */
    public static String uniqueName(String prefix) {
        String random = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        return (prefix + "_" + COUNTER.incrementAndGet() + "_" + random).toLowerCase(Locale.ROOT);
    }

    void stop() {
        try {
            stopper.close();
        } catch (Exception e) {
            LOG.warning("stopping test PostgreSQL failed: " + e);
        }
    }
}
