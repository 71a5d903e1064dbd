package io.pivotreport.launcher;

import io.pivotreport.test.DatabaseInfo;
import io.pivotreport.test.Ports;
import io.pivotreport.test.Processes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedded PostgreSQL and Kafka of {@code ./platform up}: per-service databases, persistence, clean stop. */
class InfrastructureTest {

    @TempDir
    Path home;

    @Test
    void secondRunFindsTheDataOfTheFirstAndNothingSurvivesAStop() throws Exception {
        FakeServices.copyKeys(home);
        java.util.Set<Long> childrenBefore = ProcessHandle.current().children().map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
        Map<String, String> env = FakeServices.freePorts();
        Settings settings = Settings.of(home, env);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), 7);
        Platform.Options infraOnly = new Platform.Options(true, ServiceSpec.START_ORDER);

        long postmaster;
        try (Platform first = Platform.up(settings, console, infraOnly)) {
            postmaster = first.embeddedPostgres().postmasterPid().orElseThrow();
            DatabaseInfo license = first.database("license");
            assertEquals("license", license.user());
            assertTrue(license.jdbcUrl().endsWith(":" + env.get("PIVOT_PG_PORT") + "/license"), license.jdbcUrl());
            try (Connection c = license.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE tenant (client_key text PRIMARY KEY)");
                s.execute("INSERT INTO tenant VALUES ('jira:first-run')");
            }
            // one service's role cannot open another service's database
            DatabaseInfo report = first.database("report");
            assertThrows(SQLException.class, () -> new DatabaseInfo("license", license.jdbcUrl(), report.user(),
                    report.password()).connect());
            produce(first.kafkaBootstrap(), "platform-test", "kept across runs");
        }
        assertStopped(env, postmaster, childrenBefore);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[3/7] PostgreSQL"), text);
        assertTrue(text.contains("(new)"), text);
        assertTrue(text.contains("SKIPPED: license-service/target/quarkus-app/quarkus-run.jar is missing"), text);

        out.reset();
        try (Platform second = Platform.up(settings, new Console(new PrintStream(out, true, StandardCharsets.UTF_8), 7),
                infraOnly)) {
            postmaster = second.embeddedPostgres().postmasterPid().orElseThrow();
            try (Connection c = second.database("license").connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT client_key FROM tenant")) {
                assertTrue(rs.next());
                assertEquals("jira:first-run", rs.getString(1));
            }
            assertEquals(List.of("kept across runs"), consumeAll(second.kafkaBootstrap(), "platform-test"));
            assertTrue(Files.isRegularFile(settings.stateFile()));
        }
        assertStopped(env, postmaster, childrenBefore);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("(kept)"));
        assertFalse(Files.exists(settings.stateFile()));
    }

    private static void assertStopped(Map<String, String> env, long postmaster, java.util.Set<Long> before) {
        assertTrue(Processes.awaitExit(postmaster, Duration.ofSeconds(10)), "postmaster still running");
        for (String port : List.of("PIVOT_PG_PORT", "PIVOT_KAFKA_PORT", "PIVOT_KAFKA_CONTROLLER_PORT")) {
            assertTrue(Ports.isFree(Integer.parseInt(env.get(port))), port + " still bound");
        }
        List<String> left = ProcessHandle.current().children().filter(p -> !before.contains(p.pid()))
                .filter(ProcessHandle::isAlive).map(p -> p.info().commandLine().orElse("?")).toList();
        assertTrue(left.isEmpty(), "child processes left: " + left);
    }

    private static void produce(String bootstrap, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(String bootstrap, String topic) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "second-run",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
