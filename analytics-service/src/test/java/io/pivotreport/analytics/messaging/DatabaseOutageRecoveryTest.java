package io.pivotreport.analytics.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.analytics.support.AnalyticsTestResources;
import io.pivotreport.analytics.support.Database;
import io.pivotreport.analytics.support.Events;
import io.pivotreport.analytics.support.KafkaClients;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.SessionEvent;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.platform.data.ConsumerRetryReadiness;
import io.pivotreport.test.DatabaseOutage;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away while events and an erasure arrive, then comes back: both consumers wait (nothing committed,
 * nothing dead-lettered, readiness DOWN) and then handle everything exactly once, in the same application instance.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = AnalyticsTestResources.TOPICS))
@WithTestResource(value = InternalJwtTestResource.class)
class DatabaseOutageRecoveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String SESSION_GROUP = "analytics-service.session-events";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void eventsAndAnErasureThatArriveDuringADatabaseOutageAreHandledOnceItIsBackWithoutARestart() {
        Database db = new Database(dataSource);
        String tenant = Events.newTenant("outage");
        String erasedDuringOutage = Events.newTenant("outage-erased");
        List<SessionEvent> before = List.of(Events.generated(erasedDuringOutage, Instant.now(), 100),
                Events.generated(erasedDuringOutage, Instant.now(), 200));
        KafkaClients.produce(Topics.SESSION_EVENTS, before.stream().map(Events::record).toList());
        await().atMost(PATIENCE).until(() -> db.sessionRows(erasedDuringOutage) == 2);
        double deadLetteredBefore = deadLettered();
        double sessionRetriesBefore = retries(Channels.SESSION_EVENTS);

        List<SessionEvent> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            during.add(Events.generated(tenant, Instant.now().minusSeconds(i), 300 + i));
        }
        TenantLifecycleEvent erasureDue = new TenantLifecycleEvent(UUID.randomUUID(), erasedDuringOutage,
                TenantLifecycleEvent.Type.ERASURE_DUE, Instant.now(), null);
        List<RecordMetadata> landed;
        try (DatabaseOutage outage = DatabaseOutage.ofDefaultDatasource()) {
            landed = KafkaClients.produceAcknowledged(Topics.SESSION_EVENTS,
                    during.stream().map(Events::record).toList());
            KafkaClients.produce(Topics.TENANT_LIFECYCLE, erasedDuringOutage, json(erasureDue));

            // both consumers received their records and wait: not ready, and saying which channel waits
            await().atMost(PATIENCE).until(() -> {
                Map<String, Object> data = consumersCheckData();
                return data != null && data.containsKey(Channels.SESSION_EVENTS)
                        && data.containsKey(Channels.TENANT_LIFECYCLE);
            });
            JsonPath readiness = readiness();
            assertEquals("DOWN", readiness.getString("status"));
            assertEquals("DOWN", readiness.getString("checks.find { it.name == '" + ConsumerRetryReadiness.NAME
                    + "' }.status"));
            // several attempts failed, yet the offsets of the waiting batch are not committed
            await().atMost(PATIENCE).until(() -> retries(Channels.SESSION_EVENTS) - sessionRetriesBefore >= 2);
            TopicPartition partition = new TopicPartition(landed.get(0).topic(), landed.get(0).partition());
            assertTrue(KafkaClients.committedOffset(SESSION_GROUP, partition) <= landed.get(0).offset(),
                    "an offset past an unstored event was committed");
        }

        // back: everything handled by the same instance, each event stored once, nothing dead-lettered
        await().atMost(PATIENCE).until(() -> db.sessionRows(tenant) == during.size()
                && db.sessionRows(erasedDuringOutage) == 0);
        for (SessionEvent event : during) {
            assertTrue(db.stored(event.eventId()));
        }
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE topic = ? AND payload LIKE ?",
                Topics.TENANT_ERASURE_RECEIPTS, "%" + erasureDue.eventId() + "%"));
        assertEquals(deadLetteredBefore, deadLettered());
        await().atMost(PATIENCE).until(() -> "UP".equals(readiness().getString(
                "checks.find { it.name == '" + ConsumerRetryReadiness.NAME + "' }.status")));
        RecordMetadata last = landed.get(landed.size() - 1);
        await().atMost(PATIENCE).until(() -> KafkaClients.committedOffset(SESSION_GROUP,
                new TopicPartition(last.topic(), last.partition())) > last.offset());
    }

    private static JsonPath readiness() {
        return given().when().get("/q/health/ready").then().extract().jsonPath();
    }

    private static Map<String, Object> consumersCheckData() {
        return readiness().getMap("checks.find { it.name == '" + ConsumerRetryReadiness.NAME + "' }.data");
    }

    private double deadLettered() {
        return registry.find("pivot_session_events_dead_lettered_total").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private double retries(String channel) {
        return registry.get("pivot_consumer_retries_total").tag("channel", channel).counter().count();
    }

    private static String json(TenantLifecycleEvent event) {
        try {
            return EventJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
