package io.pivotreport.test;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates databases and their owner roles on a PostgreSQL server through an administrative connection.
 *
 * <p>Each database gets its own login role (same name as the database) that owns it, and {@code PUBLIC} loses the
 * right to connect, so one service's credentials cannot open another service's database. If the administrative user
 * may not create roles (some managed servers), the administrative credentials are returned instead.
 */
public final class PostgresAdmin {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]+)(/[^?]*)?(\\?.*)?$");
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String adminJdbcUrl;
    private final String adminUser;
    private final String adminPassword;

    public PostgresAdmin(String adminJdbcUrl, String adminUser, String adminPassword) {
        if (!URL.matcher(adminJdbcUrl).matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql:// URL: " + adminJdbcUrl);
        }
        this.adminJdbcUrl = adminJdbcUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword == null ? "" : adminPassword;
    }

    /** The administrative connection info (database name as in the URL). */
    public DatabaseInfo admin() {
        Matcher m = URL.matcher(adminJdbcUrl);
        m.matches();
        String path = m.group(2) == null ? "/" : m.group(2);
        String name = path.length() > 1 ? path.substring(1) : "postgres";
        return new DatabaseInfo(name, adminJdbcUrl, adminUser, adminPassword);
    }

    /** {@code adminJdbcUrl} with its database replaced by {@code database} (host, port and parameters kept). */
    public String jdbcUrl(String database) {
        Matcher m = URL.matcher(adminJdbcUrl);
        m.matches();
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    /** Opens an administrative connection. */
    public Connection connectAdmin() throws SQLException {
        return DriverManager.getConnection(adminJdbcUrl, adminUser, adminPassword);
    }

    /**
     * A fresh, empty database {@code name} owned by a new role {@code name} with a random password. An existing
     * database of that name is dropped first (connections to it are terminated).
     */
    public DatabaseInfo createFreshDatabase(String name) {
        return ensureDatabase(name, name, randomPassword(), true);
    }

    /**
     * Makes sure database {@code name} exists, owned by {@code role} whose password becomes {@code password}; keeps
     * existing data unless {@code recreate}.
     */
    public DatabaseInfo ensureDatabase(String name, String role, String password, boolean recreate) {
        requireName(name);
        requireName(role);
        if (!password.matches("[A-Za-z0-9_\\-]{8,128}")) {
            throw new IllegalArgumentException("password must be 8-128 characters of [A-Za-z0-9_-]");
        }
        try (Connection c = connectAdmin(); Statement s = c.createStatement()) {
            if (recreate) {
                s.execute("DROP DATABASE IF EXISTS " + ident(name) + " WITH (FORCE)");
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
                s.execute("CREATE DATABASE " + ident(name));
            }
            String owner = role;
            String ownerPassword = password;
            try {
                if (exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                    s.execute("ALTER ROLE " + ident(role) + " WITH LOGIN PASSWORD '" + password + "'");
                } else {
                    s.execute("CREATE ROLE " + ident(role) + " WITH LOGIN PASSWORD '" + password + "'");
                }
                s.execute("ALTER DATABASE " + ident(name) + " OWNER TO " + ident(role));
                s.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + ident(name) + " FROM PUBLIC");
            } catch (SQLException noCreateRole) {
                // e.g. a managed server whose admin lacks CREATEROLE: fall back to the admin credentials
                owner = adminUser;
                ownerPassword = adminPassword;
            }
            return new DatabaseInfo(name, jdbcUrl(name), owner, ownerPassword);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " via " + adminJdbcUrl + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether database {@code name} exists. */
    public boolean databaseExists(String name) {
        try (Connection c = connectAdmin()) {
            return exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A random password of 24 letters and digits. */
    public static String randomPassword() {
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Validates a database or role name: lower-case letters, digits, underscore; at most 63 characters. */
    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid database/role name '" + name
                    + "': use [a-z_][a-z0-9_]*, at most 63 characters");
        }
        return name;
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String ident(String name) {
        return "\"" + name + "\"";
    }
}
