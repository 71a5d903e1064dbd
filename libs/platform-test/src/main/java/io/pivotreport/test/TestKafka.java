package io.pivotreport.test;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The real Kafka broker of this JVM's tests, started lazily once and stopped by a shutdown hook.
 *
 * <pre>{@code
 * String bootstrap = TestKafka.shared().bootstrapServers();
 * TestKafka.shared().createTopic("tenant-lifecycle", 3);
 * }</pre>
 *
 * Source, decided once (see {@link ServerSource}): {@code PIVOT_TEST_KAFKA_BOOTSTRAP}, else Testcontainers
 * ({@code PIVOT_TEST_KAFKA_IMAGE}, default {@value ContainerServers#DEFAULT_KAFKA_IMAGE}) when Docker answers, else an
 * in-process single-node KRaft broker. Never an in-memory connector.
 */
public final class TestKafka {

    private static final Logger LOG = Logger.getLogger(TestKafka.class.getName());
    /** Strong references so the levels stick (JUL keeps loggers weakly). */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("state.change.logger"));
    private static volatile TestKafka shared;

    private final ServerSource source;
    private final String bootstrapServers;
    private final AutoCloseable stopper;

    private TestKafka(ServerSource source, String bootstrapServers, AutoCloseable stopper) {
        this.source = source;
        this.bootstrapServers = bootstrapServers;
        this.stopper = stopper;
    }

    /** The broker of this JVM, started on first use; shared across class loaders like {@link TestPostgres}. */
    public static TestKafka shared() {
        TestKafka k = shared;
        if (k == null) {
            synchronized (JvmShared.LOCK) {
                k = shared;
                if (k == null) {
                    String bootstrap = System.getProperty(JvmShared.KAFKA_BOOTSTRAP);
                    if (bootstrap != null) {
                        k = new TestKafka(ServerSource.valueOf(System.getProperty(JvmShared.KAFKA_SOURCE)), bootstrap,
                                () -> { });
                    } else {
                        k = start(System::getenv);
                        TestKafka started = k;
                        Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "pivot-test-kafka-stop"));
                        System.setProperty(JvmShared.KAFKA_SOURCE, k.source.name());
                        System.setProperty(JvmShared.KAFKA_BOOTSTRAP, k.bootstrapServers);
                    }
                    shared = k;
                }
            }
        }
        return k;
    }

    static TestKafka start(UnaryOperator<String> env) {
        long t0 = System.nanoTime();
        TestKafka result;
        String bootstrap = env.apply("PIVOT_TEST_KAFKA_BOOTSTRAP");
        if (ServerSource.isSet(bootstrap)) {
            result = new TestKafka(ServerSource.ENVIRONMENT, bootstrap.trim(), () -> { });
        } else if (ServerSource.dockerAvailable(env)) {
            String image = ServerSource.isSet(env.apply("PIVOT_TEST_KAFKA_IMAGE"))
                    ? env.apply("PIVOT_TEST_KAFKA_IMAGE") : ContainerServers.DEFAULT_KAFKA_IMAGE;
            String[] out = new String[1];
            AutoCloseable stop = ContainerServers.startKafka(image, out);
            result = new TestKafka(ServerSource.TESTCONTAINERS, out[0], stop);
        } else {
            String level = System.getProperty("pivot.test.kafka.log-level", "WARNING");
            QUIET.forEach(l -> l.setLevel(Level.parse(level)));
            try {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                        .dataDirectory(Files.createTempDirectory("pivot-test-kafka-"))
                        .build()
                        .start();
                result = new TestKafka(ServerSource.EMBEDDED, broker.bootstrapServers(), broker::close);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        LOG.info(() -> String.format("test Kafka (%s) ready at %s in %d ms", result.source, result.bootstrapServers,
                (System.nanoTime() - t0) / 1_000_000));
        return result;
    }

    /** {@code host:port[,host:port]} for {@code kafka.bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public ServerSource source() {
        return source;
    }

    /** Creates a topic (replication factor 1); an existing topic is left as it is. */
    public void createTopic(String name, int partitions) {
        createTopic(bootstrapServers, name, partitions);
    }

    /** Creates a topic (replication factor 1) on the broker at {@code bootstrapServers}; an existing one is kept. */
    public static void createTopic(String bootstrapServers, String name, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name + " on " + bootstrapServers, e);
        }
    }

    void stop() {
        try {
            stopper.close();
        } catch (Exception e) {
            LOG.warning("stopping test Kafka failed: " + e);
        }
    }
}
