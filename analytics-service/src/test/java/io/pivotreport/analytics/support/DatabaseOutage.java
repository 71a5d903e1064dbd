package io.pivotreport.analytics.support;

import io.pivotreport.test.TestPostgres;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Takes the service's database away for real and brings it back, through the test server's administrative
 * connection: new connections are refused ({@code ALLOW_CONNECTIONS false}) and every open one is terminated, which is
 * what the service sees of a PostgreSQL restart. The server itself is shared by the test JVM and cannot be stopped
 * from here (platform-test exposes no handle for it).
 */
public final class DatabaseOutage implements AutoCloseable {

    private final String database;

    private DatabaseOutage(String database) {
        this.database = database;
    }

    /** Starts the outage of the application's default datasource. */
    public static DatabaseOutage begin() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String path = url.substring(url.indexOf("//") + 2);
        String name = path.substring(path.indexOf('/') + 1).replaceAll("[?].*$", "");
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalStateException("unexpected database name in " + url);
        }
        DatabaseOutage outage = new DatabaseOutage(name);
        outage.admin("ALTER DATABASE \"" + name + "\" WITH ALLOW_CONNECTIONS false");
        try (Connection c = TestPostgres.shared().admin().connect();
             PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     + "WHERE datname = ? AND pid <> pg_backend_pid()")) {
            s.setString(1, name);
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot cut the connections to " + name, e);
        }
        return outage;
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
