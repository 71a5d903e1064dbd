package io.pivotreport.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.events.AccountClosure;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.platform.data.ConsumerRetryReadiness;
import io.pivotreport.report.messaging.AccountClosureConsumer;
import io.pivotreport.report.messaging.TenantLifecycleConsumer;
import io.pivotreport.test.DatabaseOutage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.pivotreport.report.Api.create;
import static io.pivotreport.report.Api.newAccount;
import static io.pivotreport.report.Api.newTenant;
import static io.pivotreport.report.Api.report;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The database goes away (connections refused, open ones terminated: what a PostgreSQL restart looks like) while an
 * {@code ERASURE_DUE} and an account closure arrive. Both consumers wait instead of failing their channel (readiness
 * DOWN naming them, retries counted), and once the database is back the same application instance applies each event
 * exactly once: the reports are gone, one receipt is queued, one ledger row per event, nothing counted as malformed.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String CHECK = "checks.find { it.name == '" + ConsumerRetryReadiness.NAME + "' }";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void anErasureAndAClosureThatArriveDuringADatabaseOutageAreAppliedOnceItIsBackWithoutARestart() throws Exception {
        String erasedTenant = newTenant();
        String site = newTenant();
        String closedAccount = newAccount();
        create(erasedTenant, newAccount(), report("erased with its tenant"));
        create(site, closedAccount, report("private report of a closed account"));
        await().atMost(PATIENCE).until(() -> Db.count(dataSource,
                "SELECT count(*) FROM outbox_event WHERE sent_at IS NULL") == 0);
        double lifecycleRetries = retries(TenantLifecycleConsumer.CHANNEL);
        double closureRetries = retries(AccountClosureConsumer.CHANNEL);
        double malformedClosures = counter("pivot_report_account_closure_events_total", "malformed");
        double malformedLifecycle = counter("pivot_report_lifecycle_events_total", "malformed");

        TenantLifecycleEvent erasureDue = new TenantLifecycleEvent(UUID.randomUUID(), erasedTenant,
                TenantLifecycleEvent.Type.ERASURE_DUE, Instant.now(), null);
        AccountClosure closure = new AccountClosure(UUID.randomUUID(), closedAccount, Instant.now());
        try (DatabaseOutage outage = DatabaseOutage.ofDefaultDatasource()) {
            publish(Topics.TENANT_LIFECYCLE, erasedTenant, EventJson.mapper().writeValueAsString(erasureDue));
            publish(Topics.ACCOUNT_CLOSURES, closedAccount, EventJson.mapper().writeValueAsString(closure));

            await().atMost(PATIENCE).until(() -> {
                Map<String, Object> waiting = readiness().getMap(CHECK + ".data");
                return waiting != null && waiting.containsKey(TenantLifecycleConsumer.CHANNEL)
                        && waiting.containsKey(AccountClosureConsumer.CHANNEL);
            });
            assertEquals("DOWN", readiness().getString("status"));
            assertEquals("DOWN", readiness().getString(CHECK + ".status"));
            await().atMost(PATIENCE).until(() -> retries(TenantLifecycleConsumer.CHANNEL) >= lifecycleRetries + 2
                    && retries(AccountClosureConsumer.CHANNEL) >= closureRetries + 2);
        }

        await().atMost(PATIENCE).until(() -> reportsOf(erasedTenant) == 0 && Db.count(dataSource,
                "SELECT count(*) FROM saved_report WHERE owner_account_id = ?", closedAccount) == 0);
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?",
                erasureDue.eventId()));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?",
                closure.eventId()));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM outbox_event WHERE topic = ? AND payload LIKE ?",
                Topics.TENANT_ERASURE_RECEIPTS, "%" + erasureDue.eventId() + "%"), "one receipt for the erasure");
        assertEquals(malformedClosures, counter("pivot_report_account_closure_events_total", "malformed"));
        assertEquals(malformedLifecycle, counter("pivot_report_lifecycle_events_total", "malformed"));
        await().atMost(PATIENCE).until(() -> "UP".equals(readiness().getString(CHECK + ".status")));
    }

    private static JsonPath readiness() {
        return given().when().get("/q/health/ready").then().extract().jsonPath();
    }

    private double retries(String channel) {
        return registry.get("pivot_consumer_retries_total").tag("channel", channel).counter().count();
    }

    private double counter(String name, String outcome) {
        var counter = registry.find(name).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private long reportsOf(String tenant) {
        return Db.count(dataSource, "SELECT count(*) FROM saved_report WHERE tenant_id = ?", tenant);
    }

    private void publish(String topic, String key, String payload) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(topic, key, payload)).get(30, TimeUnit.SECONDS);
        }
    }
}
