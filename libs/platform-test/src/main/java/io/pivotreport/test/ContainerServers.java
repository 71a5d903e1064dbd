package io.pivotreport.test;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Testcontainers branch, isolated in its own class so that nothing touches Testcontainers classes unless a Docker
 * engine is present (the launcher does not even ship them).
 */
final class ContainerServers {

    static final String DEFAULT_POSTGRES_IMAGE = "postgres:17-alpine";
    static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.2";

    private ContainerServers() {
    }

    static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    static AutoCloseable startPostgres(String image, String[] adminOut) {
        PostgreSQLContainer container = new PostgreSQLContainer(image)
                .withDatabaseName("postgres")
                .withUsername("postgres")
                .withPassword(PostgresAdmin.randomPassword())
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        container.start();
        adminOut[0] = container.getJdbcUrl();
        adminOut[1] = container.getUsername();
        adminOut[2] = container.getPassword();
        return container::stop;
    }

    static AutoCloseable startKafka(String image, String[] bootstrapOut) {
        KafkaContainer container = new KafkaContainer(image)
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        container.start();
        bootstrapOut[0] = container.getBootstrapServers();
        return container::stop;
    }
}
