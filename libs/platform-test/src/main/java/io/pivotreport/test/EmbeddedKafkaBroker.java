package io.pivotreport.test;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) inside this JVM.
 *
 * <p>Carries the settings a single node needs or consumer groups silently receive nothing (replication factor 1 and
 * min ISR 1 for the offsets, transaction and share-coordinator topics). The ports are checked free before start-up so a
 * stale broker cannot pass for ours; {@link #start()} returns only after our broker answers an admin request. The data
 * directory is formatted on first use; a persistent one keeps topics and offsets across runs.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final Path dataDirectory;
    private final boolean persistent;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Builder builder) {
        this.dataDirectory = builder.dataDirectory.toAbsolutePath();
        this.persistent = builder.persistent;
        this.port = builder.port;
        this.controllerPort = builder.controllerPort;
        this.overrides = new LinkedHashMap<>(builder.overrides);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The broker configuration used (useful for diagnostics). */
    public Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDirectory.resolve("logs").toString());
        // one node: internal topics must not ask for more replicas than exist
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("log.retention.hours", "168");
        overrides.forEach(p::put);
        return p;
    }

    /** Formats storage if needed and starts the broker; returns when it answers admin requests. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        long t0 = System.nanoTime();
        for (int p : new int[] {port, controllerPort}) {
            if (!Ports.isFree(p)) {
                throw new IllegalStateException("Kafka port " + p + " is already in use (a stale broker?)");
            }
        }
        // Kafka instantiates plugins (e.g. DefaultStatePersister) by name through the context class loader; under a
        // Quarkus test that is the application's loader, whose copies of Kafka's classes do not match the broker's
        // ("NoSuchMethodException: DefaultStatePersister.<init>(PersisterStateManager)"). Threads the broker starts
        // inherit the loader set here.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedKafkaBroker.class.getClassLoader());
        try {
            Files.createDirectories(dataDirectory);
            Properties props = brokerProperties();
            formatIfNeeded(props);
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                s.startup();
            } catch (RuntimeException e) {
                shutdownQuietly(s);
                throw e;
            }
            server = s;
            awaitReady(Duration.ofSeconds(60).minusNanos(System.nanoTime() - t0));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start (data directory " + dataDirectory + ")", e);
        } catch (RuntimeException e) {
            if (server != null) {
                shutdownQuietly(server);
                server = null;
            }
            throw new IllegalStateException("Kafka did not start on " + bootstrapServers() + ": " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void formatIfNeeded(Properties props) throws IOException {
        Path logs = dataDirectory.resolve("logs");
        if (Files.isRegularFile(logs.resolve("meta.properties"))) {
            return;
        }
        Path configFile = dataDirectory.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "written by io.pivotreport.test.EmbeddedKafkaBroker for kafka-storage format");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    configFile.toString(), "--ignore-formatted"}, print);
        } catch (Exception e) {
            throw new IllegalStateException("kafka storage format failed: " + e.getMessage() + "\n" + buffer, e);
        }
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed (" + rc + "): " + buffer);
        }
    }

    private void awaitReady(Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        long deadline = System.nanoTime() + Math.max(timeout.toNanos(), TimeUnit.SECONDS.toNanos(5));
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                if (server == null) {
                    throw new IllegalStateException("our broker stopped while starting");
                }
                try {
                    int nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (nodes >= 1) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("broker did not answer within " + timeout.toSeconds() + " s"
                + (last == null ? "" : ": " + last.getMessage()));
    }

    /** Stops the broker (controlled shutdown); a throw-away data directory is deleted. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        shutdownQuietly(server);
        server = null;
        if (!persistent) {
            EmbeddedPostgresServer.deleteTree(dataDirectory);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException ignored) {
            // best effort
        }
    }

    /** Builder; only the data directory is required. */
    public static final class Builder {
        private Path dataDirectory;
        private boolean persistent;
        private int port;
        private int controllerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** Keep topics and offsets between runs (the launcher) or delete them on close (tests, the default). */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /** Client port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Controller (KRaft quorum) port; 0 (default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Any other broker setting. */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafkaBroker build() {
            if (dataDirectory == null) {
                throw new IllegalArgumentException("dataDirectory is required");
            }
            if (port == 0) {
                port = Ports.freePort();
            }
            while (controllerPort == 0 || controllerPort == port) {
                controllerPort = Ports.freePort();
            }
            return new EmbeddedKafkaBroker(this);
        }
    }
}
