package io.pivotreport.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM's shared real Kafka broker ({@link TestKafka}).
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(KafkaTestResource.class)
 * class SessionEventsTest { ... }
 * }</pre>
 *
 * Returns {@code kafka.bootstrap.servers} (read by the SmallRye Kafka connector and by Quarkus' Kafka client
 * config) and {@code mp.messaging.connector.smallrye-kafka.bootstrap.servers}. Optional init arg {@code topics}:
 * comma-separated {@code name[:partitions]} created before the application starts.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: topics to create, e.g. {@code "tenant-lifecycle:3,session-events"}. */
    public static final String TOPICS = "topics";

    private String topics;

    @Override
    public void init(Map<String, String> initArgs) {
        topics = initArgs.get(TOPICS);
    }

    @Override
    public Map<String, String> start() {
        TestKafka kafka = TestKafka.shared();
        if (topics != null && !topics.isBlank()) {
            for (String spec : topics.split(",")) {
                String[] parts = spec.trim().split(":");
                kafka.createTopic(parts[0].trim(), parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 1);
            }
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("mp.messaging.connector.smallrye-kafka.bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    @Override
    public void stop() {
        // the broker is shared by the JVM and stops with it
    }
}
