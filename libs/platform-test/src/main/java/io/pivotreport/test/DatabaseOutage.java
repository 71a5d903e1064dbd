package io.pivotreport.test;

import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Takes one database of the shared test PostgreSQL ({@link TestPostgres}) away for real and brings it back, through
 * the server's administrative connection: new connections are refused ({@code ALLOW_CONNECTIONS false}, SQL state
 * 55000) and every open one is terminated (57P01), which is what a service sees of a PostgreSQL restart. Other
 * databases on the server (other modules' tests) are not touched.
 *
 * <pre>{@code
 * try (DatabaseOutage outage = DatabaseOutage.ofDefaultDatasource()) {
 *     // the service's connections fail; produce events, assert it waits
 * }
 * // the database accepts connections again
 * }</pre>
 */
public final class DatabaseOutage implements AutoCloseable {

    private final String database;

    private DatabaseOutage(String database) {
        this.database = database;
    }

    /** Starts the outage of the database of the running application's default datasource. */
    public static DatabaseOutage ofDefaultDatasource() {
        return ofJdbcUrl(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class));
    }

    /** Starts the outage of the database a JDBC URL of the test server names. */
    public static DatabaseOutage ofJdbcUrl(String jdbcUrl) {
        String path = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        return of(path.substring(path.indexOf('/') + 1).replaceAll("[?].*$", ""));
    }

    /** Starts the outage of {@code database} (a plain name on the test server). */
    public static DatabaseOutage of(String database) {
        PostgresAdmin.requireName(database);
        DatabaseOutage outage = new DatabaseOutage(database);
        outage.admin("ALTER DATABASE \"" + database + "\" WITH ALLOW_CONNECTIONS false");
        try (Connection c = TestPostgres.shared().admin().connect();
             PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     + "WHERE datname = ? AND pid <> pg_backend_pid()")) {
            s.setString(1, database);
            s.execute();
        } catch (SQLException e) {
            outage.close();
            throw new IllegalStateException("cannot cut the connections to " + database, e);
        }
        return outage;
    }

    /** The database that is away. */
    public String database() {
        return database;
    }

    /** Ends the outage: the database accepts connections again. Idempotent. */
    @Override
    public void close() {
        admin("ALTER DATABASE \"" + database + "\" WITH ALLOW_CONNECTIONS true");
    }

    private void admin(String sql) {
        try (Connection c = TestPostgres.shared().admin().connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("admin statement failed on " + database, e);
        }
    }
}
