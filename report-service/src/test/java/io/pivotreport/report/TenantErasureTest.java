package io.pivotreport.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.TenantErasureReceipt;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.events.TenantLifecycleEvent.Type;
import io.pivotreport.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.pivotreport.report.Api.as;
import static io.pivotreport.report.Api.create;
import static io.pivotreport.report.Api.get;
import static io.pivotreport.report.Api.newAccount;
import static io.pivotreport.report.Api.newTenant;
import static io.pivotreport.report.Api.report;
import static io.pivotreport.report.Api.shared;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Erasure over the real broker: license-service's lifecycle events go to the real topic, the service consumes them,
 * and its receipt comes back on the receipts topic through the outbox relay. The lifecycle topic has one partition, so
 * once a later event took effect every earlier one was handled.
 */
@QuarkusTest
class TenantErasureTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> receiptConsumer;
    private final List<TenantErasureReceipt> receipts = new ArrayList<>();

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        receiptConsumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<TopicPartition> partitions = receiptConsumer.partitionsFor(Topics.TENANT_ERASURE_RECEIPTS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        receiptConsumer.assign(partitions);
        receiptConsumer.seekToBeginning(partitions);
    }

    @AfterEach
    void disconnect() {
        producer.close(Duration.ofSeconds(5));
        receiptConsumer.close(Duration.ofSeconds(5));
    }

    @Test
    void erasureDueDeletesEveryReportOfTheTenantInOneGoAndPublishesAReceipt() throws Exception {
        String tenant = newTenant();
        String owner = newAccount();
        String colleague = newAccount();
        create(tenant, owner, report("one"));
        create(tenant, owner, shared(report("two")));
        create(tenant, colleague, report("three"));
        String neighbour = newTenant();
        String neighbourAccount = newAccount();
        String neighboursReport = create(neighbour, neighbourAccount, report("not yours to erase"));
        double erasedBefore = lifecycle("erased");

        TenantLifecycleEvent erasureDue = publish(tenant, Type.ERASURE_DUE);

        await().atMost(PATIENCE).until(() -> reportsOf(tenant) == 0);
        TenantErasureReceipt receipt = awaitReceipt(erasureDue.eventId());
        assertEquals(tenant, receipt.tenantId());
        assertEquals("report-service", receipt.service());
        assertEquals(Map.of("saved_report", 3L), receipt.rowsErased());
        await().atMost(PATIENCE).until(() -> lifecycle("erased") == erasedBefore + 1);
        get(tenant, owner, UUID.randomUUID().toString()).statusCode(404);
        as(tenant, owner).get("/reports").then().body("totalItems", equalTo(0));
        get(neighbour, neighbourAccount, neighboursReport).statusCode(200).body("name", equalTo("not yours to erase"));
    }

    @Test
    void uninstallAndReinstallWithinTheGraceKeepEveryReport() throws Exception {
        String tenant = newTenant();
        String owner = newAccount();
        String kept = create(tenant, owner, report("kept"));
        create(tenant, owner, shared(report("kept too")));
        double ignoredBefore = lifecycle("ignored");

        publish(tenant, Type.UNINSTALLED);
        publish(tenant, Type.INSTALLED);
        publish(tenant, Type.DISABLED);
        publish(tenant, Type.ENABLED);
        publish(tenant, Type.UNINSTALLED);
        awaitErasureOfAnotherTenant();

        assertEquals(2, reportsOf(tenant));
        await().atMost(PATIENCE).until(() -> lifecycle("ignored") == ignoredBefore + 5);
        get(tenant, owner, kept).statusCode(200).body("name", equalTo("kept"));
    }

    @Test
    void aRedeliveredErasureEventIsAppliedOnlyOnce() throws Exception {
        String tenant = newTenant();
        String owner = newAccount();
        create(tenant, owner, report("erased"));
        TenantLifecycleEvent erasureDue = publish(tenant, Type.ERASURE_DUE);
        await().atMost(PATIENCE).until(() -> reportsOf(tenant) == 0);
        awaitReceipt(erasureDue.eventId());
        double duplicatesBefore = lifecycle("duplicate");

        String afterwards = create(tenant, owner, report("saved after the erasure"));
        send(tenant, EventJson.mapper().writeValueAsString(erasureDue));
        awaitErasureOfAnotherTenant();

        assertEquals(1, reportsOf(tenant));
        get(tenant, owner, afterwards).statusCode(200);
        await().atMost(PATIENCE).until(() -> lifecycle("duplicate") == duplicatesBefore + 1);
        assertEquals(1, receipts.stream().filter(r -> erasureDue.eventId().equals(r.causeEventId())).count(),
                "one receipt per erasure event");
    }

    @Test
    void anUnreadableLifecycleRecordIsSkippedAndLaterErasuresStillHappen() throws Exception {
        double malformedBefore = lifecycle("malformed");
        String tenant = newTenant();
        send(tenant, "not json at all");
        send(tenant, "{\"eventId\":\"" + UUID.randomUUID() + "\",\"tenantId\":\"" + tenant
                + "\",\"type\":\"ERASURE_DUE\",\"occurredAt\":\"2026-11-01T00:00:00Z\",\"extra\":\"x\"}");
        send(tenant, "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"ERASURE_DUE\"}");

        awaitErasureOfAnotherTenant();
        await().atMost(PATIENCE).until(() -> lifecycle("malformed") == malformedBefore + 3);
    }

    /** Erases a fresh tenant and waits for it: proof that everything published before was consumed. */
    private void awaitErasureOfAnotherTenant() throws Exception {
        String marker = newTenant();
        create(marker, newAccount(), report("marker"));
        TenantLifecycleEvent erasure = publish(marker, Type.ERASURE_DUE);
        await().atMost(PATIENCE).until(() -> reportsOf(marker) == 0);
        awaitReceipt(erasure.eventId());
    }

    private TenantLifecycleEvent publish(String tenant, Type type) throws Exception {
        Instant now = Instant.now();
        TenantLifecycleEvent event = new TenantLifecycleEvent(UUID.randomUUID(), tenant, type, now,
                type == Type.UNINSTALLED ? now.plus(Duration.ofDays(30)) : null);
        send(tenant, EventJson.mapper().writeValueAsString(event));
        return event;
    }

    private void send(String key, String payload) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TENANT_LIFECYCLE, key, payload)).get(30, TimeUnit.SECONDS);
    }

    private TenantErasureReceipt awaitReceipt(UUID causeEventId) {
        await().atMost(PATIENCE).until(() -> {
            for (ConsumerRecord<String, String> record : receiptConsumer.poll(Duration.ofMillis(200))) {
                receipts.add(readReceipt(record.value()));
            }
            return receipts.stream().anyMatch(r -> causeEventId.equals(r.causeEventId()));
        });
        return receipts.stream().filter(r -> causeEventId.equals(r.causeEventId())).findFirst().orElseThrow();
    }

    private static TenantErasureReceipt readReceipt(String json) {
        try {
            return EventJson.mapper().readValue(json, TenantErasureReceipt.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("a receipt that is not a TenantErasureReceipt", e);
        }
    }

    private long reportsOf(String tenant) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM saved_report WHERE tenant_id = ?")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private double lifecycle(String outcome) {
        return registry.get("pivot_report_lifecycle_events_total").tag("outcome", outcome).counter().count();
    }
}
