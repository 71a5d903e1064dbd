package io.pivotreport.test;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment variables win over everything else; pointed at the shared servers, they are used as they are. */
class ServerSourceTest {

    @Test
    void postgresNamedByEnvironmentIsUsed() throws Exception {
        DatabaseInfo admin = TestPostgres.shared().admin();
        Map<String, String> env = Map.of(
                "PIVOT_TEST_PG_URL", admin.jdbcUrl(),
                "PIVOT_TEST_PG_USER", admin.user(),
                "PIVOT_TEST_PG_PASSWORD", admin.password());
        TestPostgres fromEnv = TestPostgres.start(env::get);

        assertEquals(ServerSource.ENVIRONMENT, fromEnv.source());
        DatabaseInfo db = fromEnv.createDatabase("from_env");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database()")) {
            assertTrue(rs.next());
            assertEquals("from_env", rs.getString(1));
        }
        fromEnv.stop(); // must not stop the shared server
        try (Connection c = TestPostgres.shared().admin().connect()) {
            assertTrue(c.isValid(5));
        }
    }

    @Test
    void kafkaNamedByEnvironmentIsUsed() {
        String bootstrap = TestKafka.shared().bootstrapServers();
        TestKafka fromEnv = TestKafka.start(Map.of("PIVOT_TEST_KAFKA_BOOTSTRAP", " " + bootstrap + " ")::get);
        assertEquals(ServerSource.ENVIRONMENT, fromEnv.source());
        assertEquals(bootstrap, fromEnv.bootstrapServers());
        fromEnv.createTopic(TestPostgres.uniqueName("env"), 1);
    }

    @Test
    void withoutDockerTheEmbeddedServersAreUsed() {
        Map<String, String> noDocker = Map.of("PIVOT_TEST_DOCKER", "false");
        assertEquals(false, ServerSource.dockerAvailable(noDocker::get));
        if (System.getenv("PIVOT_TEST_PG_URL") == null && !ServerSource.dockerAvailable(System::getenv)) {
            assertEquals(ServerSource.EMBEDDED, TestPostgres.shared().source());
        }
    }

    @Test
    void jdbcUrlOfAnotherDatabaseKeepsHostPortAndParameters() {
        PostgresAdmin admin = new PostgresAdmin("jdbc:postgresql://db.internal:6543/postgres?sslmode=require", "a", "b");
        assertEquals("jdbc:postgresql://db.internal:6543/license?sslmode=require", admin.jdbcUrl("license"));
        assertEquals("postgres", admin.admin().name());
        assertEquals("jdbc:postgresql://h/report", new PostgresAdmin("jdbc:postgresql://h/", "a", "b").jdbcUrl("report"));
    }
}
