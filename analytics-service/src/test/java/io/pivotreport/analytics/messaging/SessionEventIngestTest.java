package io.pivotreport.analytics.messaging;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.analytics.support.AnalyticsTestResources;
import io.pivotreport.analytics.support.Database;
import io.pivotreport.analytics.support.Events;
import io.pivotreport.analytics.support.KafkaClients;
import io.pivotreport.events.SessionEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = AnalyticsTestResources.TOPICS))
@WithTestResource(value = InternalJwtTestResource.class)
class SessionEventIngestTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    Database db;

    @BeforeEach
    void setUp() {
        db = new Database(dataSource);
    }

    @Test
    void aBatchLandsExactlyOnceEvenWhenTheSameEventsAreReplayed() {
        String tenant = Events.newTenant("replay");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Map.Entry<String, byte[]>> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batch.add(Events.record(Events.generated(tenant, now.minusSeconds(i), 100 + i)));
        }
        double ingestedBefore = counter("pivot_session_events_ingested_total");

        KafkaClients.produce(Topics.SESSION_EVENTS, batch);
        await().atMost(PATIENCE).until(() -> db.sessionRows(tenant) == 300);
        double duplicatesBefore = counter("pivot_session_events_duplicates_total");

        SessionEvent marker = Events.generated(tenant, now, 50);
        List<Map.Entry<String, byte[]>> replay = new ArrayList<>(batch);
        replay.add(Events.record(marker));
        KafkaClients.produce(Topics.SESSION_EVENTS, replay);
        // same key, same partition: once the marker is stored, every replayed record before it was handled
        await().atMost(PATIENCE).until(() -> db.stored(marker.eventId()));

        assertEquals(301, db.sessionRows(tenant));
        assertEquals(300, counter("pivot_session_events_duplicates_total") - duplicatesBefore);
        assertTrue(counter("pivot_session_events_ingested_total") - ingestedBefore >= 301);
    }

    @Test
    void eachKindOfPoisonRecordIsDeadLetteredWithItsReasonAndTheNextGoodEventIsStored() {
        String tenant = Events.newTenant("poison");
        Instant now = Instant.now();
        String garbage = "not json at all " + UUID.randomUUID();
        SessionEvent unknownField = Events.generated(tenant, now, 100);
        SessionEvent wrongShape = Events.generated(tenant, now, 100);
        SessionEvent missingTenant = Events.generated(tenant, now, 100);
        SessionEvent invalid = Events.generated(tenant, now, 100);
        SessionEvent mismatch = Events.generated(Events.newTenant("other"), now, 100);
        SessionEvent good = Events.generated(tenant, now, 100);

        Map<String, DeadLetterReason> expected = new LinkedHashMap<>();
        expected.put(garbage, DeadLetterReason.NOT_JSON);
        expected.put(unknownField.eventId().toString(), DeadLetterReason.UNKNOWN_FIELD);
        expected.put(wrongShape.eventId().toString(), DeadLetterReason.WRONG_SHAPE);
        expected.put(missingTenant.eventId().toString(), DeadLetterReason.MISSING_TENANT);
        expected.put(invalid.eventId().toString(), DeadLetterReason.INVALID);
        expected.put(mismatch.eventId().toString(), DeadLetterReason.TENANT_MISMATCH);
        Map<DeadLetterReason, Double> before = new LinkedHashMap<>();
        expected.values().forEach(reason -> before.put(reason, deadLettered(reason)));

        KafkaClients.produce(Topics.SESSION_EVENTS, List.of(
                Map.entry(tenant, garbage.getBytes(StandardCharsets.UTF_8)),
                Map.entry(tenant, Events.edited(unknownField, n -> n.put("durationBucket", "fast"))),
                Map.entry(tenant, Events.edited(wrongShape, n -> n.put("type", "report_exploded"))),
                Map.entry(tenant, Events.edited(missingTenant, n -> n.remove("tenantId"))),
                Map.entry(tenant, Events.edited(invalid, n -> n.putObject("timings").put("totalMs", -5))),
                Map.entry(tenant, Events.json(mismatch)),
                Events.record(good)));

        await().atMost(PATIENCE).until(() -> db.stored(good.eventId()));
        List<ConsumerRecord<String, byte[]>> deadLetters = KafkaClients.readUntil(Topics.SESSION_EVENTS_DEAD_LETTER,
                seen -> expected.keySet().stream().allMatch(marker -> find(seen, marker) != null), PATIENCE);

        expected.forEach((marker, reason) -> {
            ConsumerRecord<String, byte[]> letter = find(deadLetters, marker);
            assertEquals(reason.code(), header(letter, Topics.DEAD_LETTER_REASON_HEADER), marker);
            assertEquals(tenant, letter.key());
            assertEquals(1.0, deadLettered(reason) - before.get(reason), reason.code());
        });
        assertEquals(1, db.sessionRows(tenant), "only the good event is stored");
        assertFalse(db.stored(mismatch.eventId()));
    }

    @Test
    void anEventCarryingAnEmailOrAFreeTextSummaryIsDeadLetteredAndNothingOfItIsStored() {
        String tenant = Events.newTenant("private");
        String email = "jane.doe." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String summary = "Quarterly budget of the secret project " + UUID.randomUUID();
        SessionEvent withEmail = Events.generated(tenant, Instant.now(), 100);
        SessionEvent withSummary = Events.generated(tenant, Instant.now(), 100);
        SessionEvent next = Events.generated(tenant, Instant.now(), 100);

        KafkaClients.produce(Topics.SESSION_EVENTS, List.of(
                Map.entry(tenant, Events.edited(withEmail, n -> n.putObject("source").put("type", "issue")
                        .putArray("ids").add("PIV-1").add(email))),
                Map.entry(tenant, Events.edited(withSummary, n -> n.put("summary", summary))),
                Events.record(next)));

        await().atMost(PATIENCE).until(() -> db.stored(next.eventId()));
        List<ConsumerRecord<String, byte[]>> deadLetters = KafkaClients.readUntil(Topics.SESSION_EVENTS_DEAD_LETTER,
                seen -> find(seen, withEmail.eventId().toString()) != null
                        && find(seen, withSummary.eventId().toString()) != null, PATIENCE);

        assertEquals("invalid", header(find(deadLetters, withEmail.eventId().toString()),
                Topics.DEAD_LETTER_REASON_HEADER));
        assertEquals("unknown_field", header(find(deadLetters, withSummary.eventId().toString()),
                Topics.DEAD_LETTER_REASON_HEADER));
        assertEquals(0, db.rowsContainingAnywhere(email));
        assertEquals(0, db.rowsContainingAnywhere(summary));
        assertEquals(0, db.rowsContainingAnywhere(withEmail.eventId().toString()));
        assertEquals(0, db.rowsContainingAnywhere(withSummary.eventId().toString()));
        assertEquals(1, db.sessionRows(tenant));
    }

    @Test
    void storedReportEventsFeedTenantFreePrometheusMetrics() {
        String tenant = Events.newTenant("metrics");
        double generatedBefore = registry.find("pivot_report_generation_seconds").timer().count();
        double failuresBefore = counter("pivot_report_failures_total");
        SessionEvent generated = Events.generated(tenant, Instant.now(), 1500);
        SessionEvent failed = Events.of(tenant, SessionEvent.EventType.REPORT_FAILED, Instant.now());

        KafkaClients.produce(Topics.SESSION_EVENTS, List.of(Events.record(generated), Events.record(failed)));
        await().atMost(PATIENCE).until(() -> db.stored(generated.eventId()) && db.stored(failed.eventId()));

        assertEquals(1, registry.find("pivot_report_generation_seconds").timer().count() - generatedBefore);
        assertEquals(1.0, counter("pivot_report_failures_total") - failuresBefore);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("pivot_report_generation_seconds_bucket{le=\"2.0\"}"))
                .body(containsString("pivot_report_failures_total"))
                .body(containsString("pivot_session_events_ingested_total"))
                .body(containsString("pivot_session_events_duplicates_total"))
                .body(containsString("pivot_session_events_dead_lettered_total{reason=\"not_json\"}"))
                .body(not(containsString(tenant)));
    }

    private double counter(String name) {
        return registry.find(name).counter().count();
    }

    private double deadLettered(DeadLetterReason reason) {
        return registry.find("pivot_session_events_dead_lettered_total").tag("reason", reason.code()).counter()
                .count();
    }

    private static ConsumerRecord<String, byte[]> find(List<ConsumerRecord<String, byte[]>> records, String marker) {
        return records.stream()
                .filter(r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(marker))
                .findFirst().orElse(null);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
