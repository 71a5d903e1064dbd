package io.pivotreport.test;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestPostgresTest {

    @Test
    void createdDatabaseRoundTripsSqlWithItsOwnCredentials() throws SQLException {
        DatabaseInfo db = TestPostgres.shared().createDatabase("roundtrip");

        assertEquals("roundtrip", db.name());
        assertTrue(db.jdbcUrl().startsWith("jdbc:postgresql://") && db.jdbcUrl().endsWith("/roundtrip"), db.jdbcUrl());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tenant (id bigint PRIMARY KEY, client_key text NOT NULL)");
            s.execute("INSERT INTO tenant VALUES (1, 'jira:abc'), (2, 'jira:def')");
            try (ResultSet rs = s.executeQuery("SELECT client_key FROM tenant WHERE id = 2")) {
                assertTrue(rs.next());
                assertEquals("jira:def", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT current_user, current_database(), version()")) {
                assertTrue(rs.next());
                assertEquals(db.user(), rs.getString(1));
                assertEquals("roundtrip", rs.getString(2));
                assertTrue(rs.getString(3).startsWith("PostgreSQL 17") || TestPostgres.shared().source()
                        == ServerSource.ENVIRONMENT, rs.getString(3));
            }
        }
    }

    @Test
    void twoDatabasesAreIsolated() throws SQLException {
        DatabaseInfo a = TestPostgres.shared().createDatabase();
        DatabaseInfo b = TestPostgres.shared().createDatabase();
        assertNotEquals(a.name(), b.name());

        try (Connection c = a.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE secret (v text)");
            s.execute("INSERT INTO secret VALUES ('only in a')");
        }
        try (Connection c = b.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'secret'")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1), "b must not see a's table");
        }
        if (!a.user().equals(b.user())) {
            // b's role cannot even open a's database
            DatabaseInfo bIntoA = new DatabaseInfo(a.name(), a.jdbcUrl(), b.user(), b.password());
            SQLException denied = assertThrows(SQLException.class, bIntoA::connect);
            assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
        }
    }

    @Test
    void passwordsAreChecked() {
        DatabaseInfo db = TestPostgres.shared().createDatabase();
        DatabaseInfo wrong = new DatabaseInfo(db.name(), db.jdbcUrl(), db.user(), "not-the-password");
        assertThrows(SQLException.class, wrong::connect);
    }

    @Test
    void creatingTheSameNameAgainGivesAFreshEmptyDatabase() throws SQLException {
        DatabaseInfo first = TestPostgres.shared().createDatabase("fresh_again");
        try (Connection c = first.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE leftover (v int)");
        }
        DatabaseInfo second = TestPostgres.shared().createDatabase("fresh_again");
        try (Connection c = second.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('public.leftover') IS NULL")) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1), "the old table must be gone");
        }
    }

    @Test
    void rejectsUnsafeNames() {
        assertThrows(IllegalArgumentException.class, () -> TestPostgres.shared().createDatabase("x\"; DROP"));
        assertThrows(IllegalArgumentException.class, () -> TestPostgres.shared().createDatabase("Upper"));
        assertFalse(TestPostgres.uniqueName("t").equals(TestPostgres.uniqueName("t")));
    }
}
