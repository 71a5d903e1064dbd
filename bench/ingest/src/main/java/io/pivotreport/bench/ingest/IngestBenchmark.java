package io.pivotreport.bench.ingest;

import io.pivotreport.events.EventJson;
import io.pivotreport.events.SessionEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.test.DatabaseInfo;
import io.pivotreport.test.EmbeddedKafkaBroker;
import io.pivotreport.test.EmbeddedPostgresServer;
import io.pivotreport.test.PostgresAdmin;
import io.pivotreport.test.Ports;
import io.pivotreport.test.TestKeys;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sustained ingest throughput of the packaged analytics-service, from the first produced record to the last committed
 * row, with zero loss (rows stored = events produced), next to the ceiling of the same rows written by a raw
 * PostgreSQL {@code COPY} into an identical table on the same server in the same run.
 *
 * <p>Everything runs on this machine: an embedded PostgreSQL 17 (default durability: fsync and synchronous commit on),
 * an in-process single-node Kafka broker, the service jar as a child process and the producer in this JVM.
 */
public final class IngestBenchmark {

    private static final String[] COLUMNS = {"event_id", "tenant_id", "type", "occurred_at", "received_at",
            "source_type", "source_ids", "issue_count", "row_count", "column_count", "total_ms", "fetch_ms",
            "render_ms", "app_version", "browser_family", "failure_code"};

    private final int events = Integer.getInteger("bench.events", 200_000);
    private final int warmup = Integer.getInteger("bench.warmup", 20_000);
    private final int tenants = Integer.getInteger("bench.tenants", 100);
    private final int partitions = Integer.getInteger("bench.partitions", 4);
    private final Path serviceJar = Path.of(System.getProperty("bench.serviceJar",
            "../../analytics-service/target/quarkus-app/quarkus-run.jar")).toAbsolutePath().normalize();
    private final Path workDir = Path.of(System.getProperty("bench.workDir", "target")).toAbsolutePath();

    public static void main(String[] args) throws Exception {
        new IngestBenchmark().run();
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(serviceJar)) {
            throw new IllegalStateException("Build the service first: " + serviceJar + " does not exist "
                    + "(mvn -q -pl analytics-service package -DskipTests)");
        }
        Files.createDirectories(workDir);
        Path scratch = Files.createTempDirectory(workDir, "bench-");
        log("events=%d warm-up=%d tenants=%d partitions=%d cores=%d", events, warmup, tenants, partitions,
                Runtime.getRuntime().availableProcessors());

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.builder()
                .dataDirectory(scratch.resolve("pg-data")).logFile(scratch.resolve("postgres.log")).build().start();
             EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder()
                     .dataDirectory(scratch.resolve("kafka")).build().start()) {
            DatabaseInfo db = new PostgresAdmin(postgres.adminJdbcUrl(), EmbeddedPostgresServer.SUPERUSER, "")
                    .createFreshDatabase("analytics_bench");
            createTopic(kafka.bootstrapServers());
            int httpPort = Ports.freePort();
            Process service = startService(db, kafka.bootstrapServers(), httpPort, scratch.resolve("service.log"));
            try {
                awaitReady(httpPort, service);
                List<SessionEvent> warm = generate(warmup, new Random(1));
                List<SessionEvent> measured = generate(events, new Random(2));

                produce(kafka.bootstrapServers(), warm);
                awaitRows(db, warmup, Duration.ofMinutes(5));
                log("warm-up done: %d rows", warmup);

                long start = System.nanoTime();
                long producedNanos = produce(kafka.bootstrapServers(), measured) - start;
                awaitRows(db, warmup + events, Duration.ofMinutes(20));
                long ingestNanos = System.nanoTime() - start;

                long stored = countRows(db, "session_event");
                String metrics = scrape(httpPort);
                double deadLettered = sum(metrics, "pivot_session_events_dead_lettered_total");
                double duplicates = sum(metrics, "pivot_session_events_duplicates_total");
                double ingested = sum(metrics, "pivot_session_events_ingested_total");

                String loadDuringIngest = loadAverage();
                long copyNanos = copyCeiling(db, measured);

                double serviceRate = events / (ingestNanos / 1e9);
                double copyRate = events / (copyNanos / 1e9);
                String report = String.format(Locale.ROOT, """
                        analytics-service ingest benchmark (%s)
                          machine:             %d cores visible to the JVM (shared), PostgreSQL 17 embedded (fsync on), Kafka 4.1.2 single node
                          events measured:     %d (after %d warm-up), %d tenants, %d partitions, acks=all
                          producer finished:   %.2f s
                          service ingest:      %.2f s  ->  %.0f events/s (first send to last committed row)
                          zero loss:           rows stored %d = events produced %d: %s; service counters: ingested %.0f, duplicates %.0f, dead-lettered %.0f
                          raw COPY ceiling:    %.2f s  ->  %.0f rows/s (same rows, identical table and indexes, same server)
                          ratio:               service / COPY = %.1f%%
                          load average:        %s (1/5/15 min, read right after the ingest; the cores are shared)
                        """, Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                        events, warmup, tenants, partitions, producedNanos / 1e9, ingestNanos / 1e9, serviceRate,
                        stored, (long) warmup + events, stored == (long) warmup + events ? "yes" : "NO",
                        ingested, duplicates, deadLettered, copyNanos / 1e9, copyRate, 100 * serviceRate / copyRate,
                        loadDuringIngest);
                System.out.print(report);
                Files.writeString(workDir.resolve("ingest-bench-result.txt"), report);
                if (stored != (long) warmup + events || deadLettered != 0) {
                    throw new IllegalStateException("events were lost or rejected: see " + scratch);
                }
            } finally {
                service.destroy();
                if (!service.waitFor(20, TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            }
        }
    }

    private Process startService(DatabaseInfo db, String bootstrap, int httpPort, Path logFile) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", serviceJar.toString())
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", db.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("PIVOT_ANALYTICS_ORG_HASH_KEY", Base64.getEncoder().encodeToString(key));
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestKeys.publicKeyPem().toString());
        env.put("QUARKUS_OTEL_SDK_DISABLED", "true");
        log("starting %s (log: %s)", serviceJar, logFile);
        return builder.start();
    }

    private void awaitReady(int port, Process service) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("analytics-service exited with " + service.exitValue());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    log("analytics-service ready");
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("analytics-service did not become ready");
    }

    private void createTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.SESSION_EVENTS, partitions, (short) 1),
                    new NewTopic(Topics.SESSION_EVENTS_DEAD_LETTER, 1, (short) 1),
                    new NewTopic(Topics.TENANT_LIFECYCLE, 1, (short) 1),
                    new NewTopic(Topics.TENANT_ERASURE_RECEIPTS, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Realistic report events: ids and timings only, spread over tenants and the last hour. */
    private List<SessionEvent> generate(int count, Random random) {
        Instant now = Instant.now();
        List<SessionEvent> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String tenant = new UUID(0x5eed, i % tenants).toString();
            int total = 50 + random.nextInt(5000);
            boolean failed = random.nextInt(50) == 0;
            list.add(new SessionEvent(UUID.randomUUID(), tenant,
                    failed ? SessionEvent.EventType.REPORT_FAILED : SessionEvent.EventType.REPORT_GENERATED,
                    now.minusMillis(random.nextInt(3_600_000)),
                    new SessionEvent.Source(SessionEvent.SourceType.PROJECT,
                            List.of("PIV", Integer.toString(10000 + random.nextInt(90000)), "PIV-" + random.nextInt(999))),
                    new SessionEvent.Counts(random.nextInt(5000), random.nextInt(500), 1 + random.nextInt(30)),
                    failed ? null : new SessionEvent.Timings(total, total / 2, total / 3), "1.4.2",
                    SessionEvent.BrowserFamily.CHROME, failed ? "jira_timeout" : null));
        }
        return list;
    }

    /** Produces like the gateway (acks=all, keyed by tenant); returns System.nanoTime() when all were acknowledged. */
    private long produce(String bootstrap, List<SessionEvent> batch) throws Exception {
        List<byte[]> payloads = new ArrayList<>(batch.size());
        for (SessionEvent event : batch) {
            payloads.add(EventJson.mapper().writeValueAsBytes(event));
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                acks.add(producer.send(new ProducerRecord<>(Topics.SESSION_EVENTS, batch.get(i).tenantId(),
                        payloads.get(i))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(2, TimeUnit.MINUTES);
            }
            return System.nanoTime();
        }
    }

    private void awaitRows(DatabaseInfo db, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows = 0;
        while (System.nanoTime() < deadline) {
            rows = countRows(db, "session_event");
            if (rows >= expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("only " + rows + " of " + expected + " rows arrived within " + timeout);
    }

    private static long countRows(DatabaseInfo db, String table) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The same rows written by COPY into a table created LIKE the service's (same columns, checks and indexes). */
    private long copyCeiling(DatabaseInfo db, List<SessionEvent> batch) throws Exception {
        StringBuilder csv = new StringBuilder(batch.size() * 200);
        String receivedAt = Instant.now().toString();
        for (SessionEvent e : batch) {
            csv.append(e.eventId()).append(',').append(e.tenantId()).append(',')
                    .append(e.type().name().toLowerCase(Locale.ROOT)).append(',').append(e.occurredAt()).append(',')
                    .append(receivedAt).append(',').append(e.source().type().name().toLowerCase(Locale.ROOT))
                    .append(",\"{").append(String.join(",", e.source().ids())).append("}\",")
                    .append(e.counts().issues()).append(',').append(e.counts().rows()).append(',')
                    .append(e.counts().columns()).append(',')
                    .append(e.timings() == null ? "" : e.timings().totalMs()).append(',')
                    .append(e.timings() == null ? "" : e.timings().fetchMs()).append(',')
                    .append(e.timings() == null ? "" : e.timings().renderMs()).append(',')
                    .append(e.appVersion()).append(',').append(e.browserFamily().name().toLowerCase(Locale.ROOT))
                    .append(',').append(e.failureCode() == null ? "" : e.failureCode()).append('\n');
        }
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE session_event_copy (LIKE session_event INCLUDING ALL)");
            }
            long start = System.nanoTime();
            long copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY session_event_copy ("
                    + String.join(", ", COLUMNS) + ") FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
            long elapsed = System.nanoTime() - start;
            if (copied != batch.size()) {
                throw new IllegalStateException("COPY wrote " + copied + " rows, expected " + batch.size());
            }
            return elapsed;
        }
    }

    private static String scrape(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    /** Sum of every series of a metric in the Prometheus text format. */
    private static double sum(String exposition, String metric) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
