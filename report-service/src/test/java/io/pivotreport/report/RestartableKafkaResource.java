package io.pivotreport.report;

import io.pivotreport.events.Topics;
import io.pivotreport.test.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

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
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * This module's real Kafka broker: platform-test's in-process single-node KRaft broker, which a test can stop and start
 * again on the same ports with its data kept, so a broker outage is real (platform-test's shared broker cannot be
 * stopped). Every test class uses it, so the application still starts once.
 *
 * <p>The test reaches the broker through a JMX MBean because the resource and the test may be loaded by different class
 * loaders (static fields would not be shared).
 */
public class RestartableKafkaResource implements QuarkusTestResourceLifecycleManager {

    private static final ObjectName CONTROL = objectName("io.pivotreport.report.test:type=KafkaControl");
    private static final List<String> TOPICS = List.of(Topics.TENANT_LIFECYCLE, Topics.TENANT_ERASURE_RECEIPTS,
            Topics.ACCOUNT_REFERENCES, Topics.ACCOUNT_CLOSURES);
    // strong references so the levels stick (JUL keeps loggers weakly)
    private static final List<Logger> QUIET = List.of(Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("state.change.logger"));

    /** What a test may do to the broker. */
    public interface KafkaControlMBean {
        void stop();

        void start();
    }

    private EmbeddedKafkaBroker broker;
    private Path directory;

    @Override
    public Map<String, String> start() {
        QUIET.forEach(l -> l.setLevel(Level.SEVERE));
        try {
            directory = Files.createTempDirectory("report-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = EmbeddedKafkaBroker.builder().dataDirectory(directory).persistent(true).build().start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(TOPICS.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test topics", e);
        }
        KafkaControlMBean control = new KafkaControlMBean() {
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
            server.registerMBean(new StandardMBean(control, KafkaControlMBean.class), CONTROL);
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

    /** Stops the broker (controlled shutdown, data kept). */
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
            throw new IllegalStateException("cannot " + operation + " the test broker", e);
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
