package io.pivotreport.test;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseOutageTest {

    @Test
    void theDatabaseRefusesNewConnectionsAndDropsOpenOnesUntilTheOutageEnds() throws SQLException {
        DatabaseInfo db = TestPostgres.shared().createDatabase();
        DatabaseInfo other = TestPostgres.shared().createDatabase();
        try (Connection open = db.connect()) {
            try (DatabaseOutage outage = DatabaseOutage.ofJdbcUrl(db.jdbcUrl())) {
                assertEquals(db.name(), outage.database());
                SQLException refused = assertThrows(SQLException.class, db::connect);
                assertEquals("55000", refused.getSQLState(), "not currently accepting connections");
                assertThrows(SQLException.class, () -> select(open), "open connections are terminated");
                try (Connection unaffected = other.connect()) {
                    assertEquals(1, select(unaffected), "other databases on the server stay available");
                }
            }
            assertTrue(open.isClosed() || !open.isValid(1));
        }
        try (Connection again = db.connect()) {
            assertEquals(1, select(again));
        }
    }

    private static int select(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
