package io.pivotreport.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real Kafka broker that a test can stop and start again, so a broker outage in a test is real: platform-test's
 * in-process single-node KRaft broker ({@link EmbeddedKafkaBroker}), persistent, restarted on the same ports with its
 * data kept. Always in process, whatever {@link TestKafka} would choose: an external or container broker cannot be
 * restarted on the same address from a test. A module that needs outages uses it for every test class (one
 * application start).
 *
 * <pre>{@code
 * @WithTestResource(value = RestartableKafkaResource.class, scope = TestResourceScope.GLOBAL,
 *         initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = "pivot.tenant-lifecycle.v1"))
 * ...
 * RestartableKafkaResource.stopBroker();   // producers and consumers of the application lose the broker
 * RestartableKafkaResource.startBroker();  // back on the same ports with the same data
 * }</pre>
 *
 * Returns {@code kafka.bootstrap.servers} and {@code mp.messaging.connector.smallrye-kafka.bootstrap.servers}. Init arg
 * {@code topics}: comma-separated {@code name[:partitions]} created before the application starts. The test reaches
 * the broker through a JMX MBean on the platform MBean server because the resource and the test may be loaded by
 * different class loaders (statics would not be shared, and a non-string system property breaks Narayana's start-up).
 */
public class RestartableKafkaResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: topics to create, e.g. {@code "pivot.tenant-lifecycle.v1,pivot.account-closures.v1:3"}. */
    public static final String TOPICS = "topics";

    private static final ObjectName CONTROL = objectName("io.pivotreport.test:type=RestartableKafka");
    // strong references so the levels stick (JUL keeps loggers weakly)
    private static final List<Logger> QUIET = List.of(Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("state.change.logger"));

    /** What a test may do to the broker. */
    public interface RestartableKafkaMBean {
        void stop();

        void start();
    }

    private String topics;
    private EmbeddedKafkaBroker broker;
    private Path directory;

    @Override
    public void init(Map<String, String> initArgs) {
        topics = initArgs.get(TOPICS);
    }

    @Override
    public Map<String, String> start() {
        QUIET.forEach(l -> l.setLevel(Level.SEVERE));
        try {
            directory = Files.createTempDirectory("pivot-test-restartable-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = EmbeddedKafkaBroker.builder().dataDirectory(directory).persistent(true).build().start();
        if (topics != null && !topics.isBlank()) {
            for (String spec : topics.split(",")) {
                String[] parts = spec.trim().split(":");
                TestKafka.createTopic(broker.bootstrapServers(), parts[0].trim(),
                        parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 1);
            }
        }
        RestartableKafkaMBean control = new RestartableKafkaMBean() {
            @Override
            public void stop() {
                broker.close();
            }

            @Override
            public void start() {
                broker.start();
            }
        };
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(CONTROL)) {
                server.unregisterMBean(CONTROL);
            }
            server.registerMBean(new StandardMBean(control, RestartableKafkaMBean.class), CONTROL);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the broker control", e);
        }
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(CONTROL);
        } catch (JMException ignored) {
            // not registered
        }
        if (broker != null) {
            broker.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }

    /** Stops the running resource's broker (controlled shutdown, data kept, ports released). */
    public static void stopBroker() {
        invoke("stop");
    }

    /** Starts the broker again on the same ports with the same data; returns once it answers. */
    public static void startBroker() {
        invoke("start");
    }

    private static void invoke(String operation) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(CONTROL, operation, null, null);
        } catch (JMException e) {
            throw new IllegalStateException("cannot " + operation + " the test broker (is RestartableKafkaResource "
                    + "started?)", e);
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
