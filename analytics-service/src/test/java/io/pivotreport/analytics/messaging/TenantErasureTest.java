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
import io.pivotreport.events.TenantErasureReceipt;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = AnalyticsTestResources.TOPICS))
@WithTestResource(value = InternalJwtTestResource.class)
class TenantErasureTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void erasureDueDeletesOnlyThatTenantsSessionDataAndPublishesOneReceiptEvenWhenReplayed() {
        Database db = new Database(dataSource);
        String erased = Events.newTenant("erased");
        String kept = Events.newTenant("kept");
        List<SessionEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(Events.generated(erased, Instant.now().minusSeconds(i), 100));
            events.add(Events.generated(kept, Instant.now().minusSeconds(i), 100));
        }
        KafkaClients.produce(Topics.SESSION_EVENTS, events.stream().map(Events::record).toList());
        await().atMost(PATIENCE).until(() -> db.sessionRows(erased) == 5 && db.sessionRows(kept) == 5);

        // an uninstall alone changes nothing: license-service owns the grace period
        TenantLifecycleEvent uninstalled = new TenantLifecycleEvent(UUID.randomUUID(), erased,
                TenantLifecycleEvent.Type.UNINSTALLED, Instant.now(), Instant.now().plus(Duration.ofDays(30)));
        publish(uninstalled);
        await().atMost(PATIENCE).until(() -> processed(db, uninstalled.eventId()));
        assertEquals(5, db.sessionRows(erased));

        TenantLifecycleEvent erasureDue = new TenantLifecycleEvent(UUID.randomUUID(), erased,
                TenantLifecycleEvent.Type.ERASURE_DUE, Instant.now(), null);
        publish(erasureDue);
        await().atMost(PATIENCE).until(() -> db.sessionRows(erased) == 0);
        assertEquals(5, db.sessionRows(kept));

        List<ConsumerRecord<String, byte[]>> receipts = KafkaClients.readUntil(Topics.TENANT_ERASURE_RECEIPTS,
                seen -> seen.stream().anyMatch(r -> erasureDue.eventId().equals(receipt(r).causeEventId())),
                PATIENCE);
        TenantErasureReceipt receipt = receipts.stream().map(TenantErasureTest::receipt)
                .filter(r -> erasureDue.eventId().equals(r.causeEventId())).findFirst().orElseThrow();
        assertEquals(erased, receipt.tenantId());
        assertEquals("analytics-service", receipt.service());
        assertEquals(Map.of("session_event", 5L), receipt.rowsErased());

        // the same ERASURE_DUE again, then a marker behind it on the same partition
        publish(erasureDue);
        TenantLifecycleEvent marker = new TenantLifecycleEvent(UUID.randomUUID(), kept,
                TenantLifecycleEvent.Type.ENABLED, Instant.now(), null);
        publish(marker);
        await().atMost(PATIENCE).until(() -> processed(db, marker.eventId()));
        assertEquals(1, db.count("SELECT count(*) FROM outbox_event WHERE topic = ? AND payload LIKE ?",
                Topics.TENANT_ERASURE_RECEIPTS, "%" + erasureDue.eventId() + "%"));
        assertEquals(5, db.sessionRows(kept));
    }

    @Test
    void anUnreadableLifecycleRecordIsSkippedAndTheNextEventIsHandled() {
        Database db = new Database(dataSource);
        String tenant = Events.newTenant("lifecycle-poison");
        SessionEvent event = Events.generated(tenant, Instant.now(), 100);
        KafkaClients.produce(Topics.SESSION_EVENTS, List.of(Events.record(event)));
        await().atMost(PATIENCE).until(() -> db.stored(event.eventId()));

        KafkaClients.produce(Topics.TENANT_LIFECYCLE, tenant, "{\"eventId\":\"not-a-uuid\"}");
        TenantLifecycleEvent erasureDue = new TenantLifecycleEvent(UUID.randomUUID(), tenant,
                TenantLifecycleEvent.Type.ERASURE_DUE, Instant.now(), null);
        publish(erasureDue);

        await().atMost(PATIENCE).until(() -> db.sessionRows(tenant) == 0);
    }

    @Test
    void lateEventsOfAnErasedTenantAreDroppedAndCountedWhileOtherTenantsKeepStoring() {
        Database db = new Database(dataSource);
        String erased = Events.newTenant("late-erased");
        String live = Events.newTenant("late-live");
        KafkaClients.produce(Topics.SESSION_EVENTS, List.of(Events.record(Events.generated(erased, Instant.now(), 1))));
        await().atMost(PATIENCE).until(() -> db.sessionRows(erased) == 1);
        publish(new TenantLifecycleEvent(UUID.randomUUID(), erased, TenantLifecycleEvent.Type.ERASURE_DUE,
                Instant.now(), null));
        await().atMost(PATIENCE).until(() -> db.sessionRows(erased) == 0);
        // the tombstone is the tenant id and nothing else
        assertEquals(List.of("tenant_id"), db.strings("SELECT column_name FROM information_schema.columns "
                + "WHERE table_name = 'erased_tenant'"));
        assertEquals(1, db.count("SELECT count(*) FROM erased_tenant WHERE tenant_id = ?", erased));
        double droppedBefore = counter("pivot_session_events_dropped_total");
        double deadLetteredBefore = counter("pivot_session_events_dead_lettered_total");

        // still in flight after the erasure: three of the erased tenant, two of a live one
        List<SessionEvent> late = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            late.add(Events.generated(erased, Instant.now().minusSeconds(i), 100));
        }
        late.add(Events.generated(live, Instant.now(), 100));
        late.add(Events.generated(live, Instant.now(), 200));
        KafkaClients.produce(Topics.SESSION_EVENTS, late.stream().map(Events::record).toList());

        await().atMost(PATIENCE).until(() -> counter("pivot_session_events_dropped_total") - droppedBefore == 3
                && db.sessionRows(live) == 2);
        assertEquals(0, db.sessionRows(erased));
        assertEquals(deadLetteredBefore, counter("pivot_session_events_dead_lettered_total"));
    }

    private double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static boolean processed(Database db, UUID eventId) {
        return db.count("SELECT count(*) FROM processed_event WHERE event_id = ?", eventId) == 1;
    }

    private static void publish(TenantLifecycleEvent event) {
        try {
            KafkaClients.produce(Topics.TENANT_LIFECYCLE, event.tenantId(),
                    EventJson.mapper().writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TenantErasureReceipt receipt(ConsumerRecord<String, byte[]> record) {
        try {
            return EventJson.mapper().readValue(record.value(), TenantErasureReceipt.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
