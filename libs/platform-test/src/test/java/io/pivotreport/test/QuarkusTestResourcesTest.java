package io.pivotreport.test;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lifecycle managers return the configuration Quarkus needs, and it works. */
class QuarkusTestResourcesTest {

    @Test
    void postgresResourceReturnsAWorkingDatasource() throws Exception {
        PostgresTestResource resource = new PostgresTestResource();
        resource.init(Map.of(PostgresTestResource.DATABASE, "license_resource"));
        Map<String, String> config = resource.start();

        assertEquals("postgresql", config.get("quarkus.datasource.db-kind"));
        assertTrue(config.get("quarkus.datasource.jdbc.url").endsWith("/license_resource"));
        try (Connection c = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            assertTrue(rs.next());
            assertEquals("license_resource", rs.getString(1));
        }
        resource.stop();
    }

    @Test
    void namedDatasourceAndDefaultNameAreSupported() {
        PostgresTestResource resource = new PostgresTestResource();
        resource.init(Map.of(PostgresTestResource.DATASOURCE, "audit"));
        Map<String, String> config = resource.start();
        assertTrue(config.get("quarkus.datasource.\"audit\".jdbc.url").contains("/test_"), config.toString());
        assertEquals(4, config.size());
    }

    @Test
    void kafkaResourceReturnsBootstrapServersAndCreatesTopics() throws Exception {
        KafkaTestResource resource = new KafkaTestResource();
        String topic = TestPostgres.uniqueName("resource");
        resource.init(Map.of(KafkaTestResource.TOPICS, topic + ":2"));
        Map<String, String> config = resource.start();

        String bootstrap = config.get("kafka.bootstrap.servers");
        assertEquals(TestKafka.shared().bootstrapServers(), bootstrap);
        assertEquals(bootstrap, config.get("mp.messaging.connector.smallrye-kafka.bootstrap.servers"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertEquals(2, admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size());
        }
    }

    @Test
    void jwtResourcePointsAtTheTestKeys() {
        InternalJwtTestResource resource = new InternalJwtTestResource();
        resource.init(Map.of(InternalJwtTestResource.AUDIENCE, "license-service"));
        Map<String, String> config = resource.start();
        assertEquals(TestKeys.publicKeyPem().toAbsolutePath().toString(), config.get("mp.jwt.verify.publickey.location"));
        assertEquals(TestKeys.privateKeyPem().toAbsolutePath().toString(), config.get("smallrye.jwt.sign.key.location"));
        assertEquals("pivot-gateway", config.get("mp.jwt.verify.issuer"));
        assertEquals("license-service", config.get("mp.jwt.verify.audiences"));
    }
}
