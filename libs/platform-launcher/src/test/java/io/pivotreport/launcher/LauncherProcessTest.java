package io.pivotreport.launcher;

import io.pivotreport.test.DatabaseInfo;
import io.pivotreport.test.Ports;
import io.pivotreport.test.Processes;
import io.pivotreport.test.TestKafka;
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

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher as its own process, as {@code ./platform} runs it, with embedded PostgreSQL and Kafka: per-service
 * databases, {@code status}, {@code down} (SIGTERM to the launcher), a second run that finds the data of the first,
 * and the clean-up after a launcher killed with SIGKILL. Nothing may be left running.
 */
class LauncherProcessTest {

    @TempDir
    Path home;

    private Process launch(Map<String, String> env, StringBuilder output) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "up", "--home", home.toString()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            output.append(line).append('\n');
            if (line.startsWith("Stop:")) {
                Thread drain = new Thread(() -> {
                    try {
                        String l;
                        while ((l = reader.readLine()) != null) {
                            synchronized (output) {
                                output.append(l).append('\n');
                            }
                        }
                    } catch (Exception ignored) {
                        // process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        process.destroyForcibly();
        throw new AssertionError("launcher did not get ready:\n" + output);
    }

    private List<Long> servicePids(Settings settings) {
        List<Long> pids = new ArrayList<>();
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            OptionalLong pid = Processes.readPidFile(settings.runDir().resolve(spec.name()).resolve("service.pid"));
            pid.ifPresent(pids::add);
        }
        return pids;
    }

    @Test
    void downStopsEverythingAndAKilledLauncherLeavesNothingBehind() throws Exception {
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            FakeServices.install(home, spec, null);
        }
        FakeServices.copyKeys(home);
        Map<String, String> env = FakeServices.freePorts(); // embedded PostgreSQL and Kafka, as on a laptop
        Settings settings = Settings.of(home, env);

        // 1. up, status, down
        StringBuilder output = new StringBuilder();
        Process launcher = launch(env, output);
        assertTrue(output.toString().contains("[8/8] gateway-service"), output.toString());
        assertTrue(output.toString().contains("data .platform/postgres (new)"), output.toString());
        DatabaseInfo license = datasource(settings, ServiceSpec.LICENSE);
        try (Connection c = license.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tenant (client_key text PRIMARY KEY)");
            s.execute("INSERT INTO tenant VALUES ('jira:first-run')");
        }
        DatabaseInfo report = datasource(settings, ServiceSpec.REPORT);
        assertThrows(SQLException.class, () -> new DatabaseInfo("license", license.jdbcUrl(), report.user(),
                report.password()).connect(), "one service's role cannot open another service's database");
        String bootstrap = "127.0.0.1:" + env.get("PIVOT_KAFKA_PORT");
        produce(bootstrap, "platform-test", "kept across runs");
        List<Long> services = servicePids(settings);
        assertEquals(4, services.size());
        long postmaster = Processes.readPidFile(settings.postgresDir().resolve("postmaster.pid")).orElseThrow();

        ByteArrayOutputStream statusOut = new ByteArrayOutputStream();
        int status = new Control(settings, new PrintStream(statusOut, true, StandardCharsets.UTF_8)).status();
        String statusText = statusOut.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, statusText);
        assertTrue(statusText.contains("Platform: running (launcher pid " + launcher.pid() + ")"), statusText);
        assertEquals(4, statusText.split("ready \\(http").length - 1, statusText);

        ByteArrayOutputStream downOut = new ByteArrayOutputStream();
        assertEquals(0, new Control(settings, new PrintStream(downOut, true, StandardCharsets.UTF_8)).down());
        assertTrue(launcher.waitFor(5, TimeUnit.SECONDS));
        assertTrue(downOut.toString(StandardCharsets.UTF_8).contains("Stopped."), downOut.toString());
        assertAllGone(services, postmaster, env);
        synchronized (output) {
            assertTrue(output.toString().contains("Stopping services, Kafka and PostgreSQL"), output.toString());
        }
        assertEquals(3, new Control(settings, new PrintStream(new ByteArrayOutputStream())).status());

        // 2. a second run keeps the data; then the launcher is SIGKILLed: nothing may survive it
        output.setLength(0);
        launcher = launch(env, output);
        assertTrue(output.toString().contains("data .platform/postgres (kept)"), output.toString());
        assertTrue(output.toString().contains("data .platform/kafka (kept)"), output.toString());
        try (Connection c = datasource(settings, ServiceSpec.LICENSE).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT client_key FROM tenant")) {
            assertTrue(rs.next());
            assertEquals("jira:first-run", rs.getString(1));
        }
        assertEquals(List.of("kept across runs"), consumeAll(bootstrap, "platform-test"));
        services = servicePids(settings);
        postmaster = Processes.readPidFile(settings.postgresDir().resolve("postmaster.pid")).orElseThrow();
        launcher.destroyForcibly();
        assertTrue(launcher.waitFor(5, TimeUnit.SECONDS));
        // the watchdogs of the killed launcher stop its services and its postmaster by themselves
        assertAllGone(services, postmaster, env);
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        new Control(settings, new PrintStream(after, true, StandardCharsets.UTF_8)).down();
        assertTrue(after.toString(StandardCharsets.UTF_8).contains("Nothing is running."), after.toString());
    }

    @Test
    void downCleansUpWhatAKilledRunLeftWhenNoWatchdogDid() throws Exception {
        FakeServices.install(home, ServiceSpec.LICENSE, null);
        FakeServices.copyKeys(home);
        Map<String, String> env = FakeServices.freePorts();
        env.put("PIVOT_KAFKA_BOOTSTRAP", TestKafka.shared().bootstrapServers());
        Settings settings = Settings.of(home, env);
        // a leftover service and postmaster, as if their launcher and its watchdogs had been killed
        try (Platform platform = Platform.up(settings, new Console(new PrintStream(new ByteArrayOutputStream()), 8),
                new Platform.Options(true, List.of(ServiceSpec.LICENSE)))) {
            long service = platform.services().get(0).pid();
            long postmaster = platform.embeddedPostgres().postmasterPid().orElseThrow();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int stopped = new Control(settings, new PrintStream(out, true, StandardCharsets.UTF_8)).stopStale();
            assertEquals(2, stopped, out.toString());
            assertTrue(out.toString().contains("Stopping license-service left running by a previous run"), out.toString());
            assertTrue(out.toString().contains("Stopped PostgreSQL left running by a previous run"), out.toString());
            assertFalse(Processes.isAlive(service));
            assertFalse(Processes.isAlive(postmaster));
        }
    }

    /** The credentials the launcher wrote into the service's config/application.properties. */
    private static DatabaseInfo datasource(Settings settings, ServiceSpec spec) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(settings.runDir().resolve(spec.name())
                .resolve("config/application.properties"))) {
            p.load(in);
        }
        return new DatabaseInfo(spec.database(), p.getProperty("quarkus.datasource.jdbc.url"),
                p.getProperty("quarkus.datasource.username"), p.getProperty("quarkus.datasource.password"));
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

    private static void assertAllGone(List<Long> services, long postmaster, Map<String, String> env) {
        for (long pid : services) {
            assertTrue(Processes.awaitExit(pid, Duration.ofSeconds(30)), "service " + pid + " survived");
        }
        assertTrue(Processes.awaitExit(postmaster, Duration.ofSeconds(30)), "postmaster survived");
        for (String port : List.of("PIVOT_PG_PORT", "PIVOT_KAFKA_PORT", "PIVOT_KAFKA_CONTROLLER_PORT", "PIVOT_LICENSE_PORT", "PIVOT_REPORT_PORT", "PIVOT_ANALYTICS_PORT",
                "PIVOT_GATEWAY_PORT")) {
            assertTrue(Ports.isFree(Integer.parseInt(env.get(port))), port + " still bound");
        }
    }
}
