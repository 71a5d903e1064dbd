package io.pivotreport.license;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.TenantErasureReceipt;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.license.service.TenantErasureJob;
import io.pivotreport.license.support.LifecycleTopic;
import io.pivotreport.license.support.Metrics;
import io.pivotreport.license.support.MovableClock;
import io.pivotreport.license.support.TestTopics;
import io.pivotreport.platform.data.ConsumerRetryReadiness;
import io.pivotreport.test.DatabaseOutage;
import io.pivotreport.test.RestartableKafkaResource;
import io.pivotreport.license.support.Sql;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.pivotreport.license.support.Api.connect;
import static io.pivotreport.license.support.Api.install;
import static io.pivotreport.license.support.Api.newBaseUrl;
import static io.pivotreport.license.support.Api.newClientKey;
import static io.pivotreport.license.support.Api.newSecret;
import static io.pivotreport.license.support.Api.verification;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(value = RestartableKafkaResource.class,
        initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = TestTopics.ALL))
@WithTestResource(InternalJwtTestResource.class)
class TenantErasureTest {

    private static final Duration GRACE = Duration.ofDays(30);

    @Inject
    AgroalDataSource ds;

    @Inject
    MovableClock clock;

    @Inject
    TenantErasureJob erasure;

    /** Outbox rows not yet acknowledged by the broker. */
    private long unsent() {
        return Sql.count(ds, "SELECT count(*) FROM outbox_event WHERE sent_at IS NULL");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private List<TenantLifecycleEvent.Type> types(UUID tenant) {
        return LifecycleTopic.eventsFor(tenant).stream().map(TenantLifecycleEvent::type).toList();
    }

    private String state(UUID tenant) {
        return (String) Sql.one(ds, "SELECT state FROM tenant WHERE id = ?", tenant).get("state");
    }

    @Test
    void afterTheGracePeriodOneErasureDueEventIsPublishedAndOnlyATombstoneRemains() {
        String clientKey = newClientKey();
        UUID tenant = install(clientKey, newBaseUrl(), newSecret(), now());
        connect("uninstalled", now(), clientKey).statusCode(200).body("state", equalTo("uninstalled"));

        clock.advance(GRACE.minusHours(1));
        erasure.eraseDueTenants();
        assertEquals("uninstalled", state(tenant), "still within the grace period");

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        double erasedBefore = Metrics.value(TenantErasureJob.ERASED_METRIC);
        assertTrue(erasure.eraseDueTenants() >= 1);
        erasure.eraseDueTenants();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(
                TenantLifecycleEvent.Type.INSTALLED, TenantLifecycleEvent.Type.UNINSTALLED,
                TenantLifecycleEvent.Type.ERASURE_DUE), types(tenant)));
        await().atMost(Duration.ofSeconds(30)).until(() -> unsent() == 0);
        assertEquals(1, types(tenant).stream().filter(t -> t == TenantLifecycleEvent.Type.ERASURE_DUE).count(),
                "a second run publishes nothing more");

        Map<String, Object> tombstone = Sql.one(ds, "SELECT * FROM tenant WHERE id = ?", tenant);
        assertEquals("erased", tombstone.get("state"));
        assertNotNull(tombstone.get("erased_at"));
        for (String wiped : List.of("client_key", "base_url", "display_url", "oauth_client_id", "entitlement_id",
                "entitlement_number", "cloud_id", "installation_id", "secret_key_id", "secret_nonce",
                "secret_ciphertext", "license_status", "install_event", "uninstalled_at", "erase_after")) {
            assertNull(tombstone.get(wiped), wiped);
        }
        verification(clientKey).statusCode(404);
        assertEquals(List.of("erasure-due"), Sql.rows(ds, "SELECT kind FROM account_history WHERE tenant_id = ?", tenant)
                .stream().map(r -> r.get("kind")).toList(), "the site's history went, the erasure record stays");
        assertTrue(Metrics.value(TenantErasureJob.ERASED_METRIC) >= erasedBefore + 1);
        assertTrue(Metrics.value("pivot_job_last_success_timestamp_seconds", "job", "tenant-erasure") >= now() - 60);
    }

    @Test
    void aTenantReinstalledWithinTheGracePeriodIsNotErased() {
        String clientKey = newClientKey();
        String baseUrl = newBaseUrl();
        long t = now();
        UUID tenant = install(clientKey, baseUrl, newSecret(), t);
        connect("uninstalled", t + 1, clientKey).statusCode(200);
        clock.advance(Duration.ofDays(3));
        install(clientKey, baseUrl, newSecret(), now());

        clock.advance(GRACE.plusDays(1));
        erasure.eraseDueTenants();

        assertEquals("installed", state(tenant));
        await().atMost(Duration.ofSeconds(30)).until(() -> unsent() == 0);
        assertTrue(!types(tenant).contains(TenantLifecycleEvent.Type.ERASURE_DUE));
        verification(clientKey).statusCode(200);
    }

    @Test
    void erasureReceiptsFromOtherServicesAreRecordedOncePerEvent() throws Exception {
        String clientKey = newClientKey();
        UUID tenant = install(clientKey, newBaseUrl(), newSecret(), now());
        connect("uninstalled", now(), clientKey).statusCode(200);
        clock.advance(GRACE.plusMinutes(1));
        erasure.eraseDueTenants();

        TenantErasureReceipt reports = new TenantErasureReceipt(UUID.randomUUID(), tenant.toString(), "report-service",
                Map.of("saved_report", 7L), Instant.now(), UUID.randomUUID());
        TenantErasureReceipt analytics = new TenantErasureReceipt(UUID.randomUUID(), tenant.toString(),
                "analytics-service", Map.of("session_event", 120L, "daily_aggregate", 3L), Instant.now(), null);
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (TenantErasureReceipt receipt : List.of(reports, reports, analytics)) {
                producer.send(new ProducerRecord<>(Topics.TENANT_ERASURE_RECEIPTS, tenant.toString(),
                        EventJson.mapper().writeValueAsString(receipt))).get(30, TimeUnit.SECONDS);
            }
            producer.send(new ProducerRecord<>(Topics.TENANT_ERASURE_RECEIPTS, tenant.toString(), "{not json"))
                    .get(30, TimeUnit.SECONDS);
        }

        // one partition: once the last receipt is recorded, the duplicate before it was handled too
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count(ds, "SELECT count(*) FROM account_history "
                + "WHERE tenant_id = ? AND kind = 'erasure-receipt' AND detail->>'service' = 'analytics-service'",
                tenant) == 1);
        List<Map<String, Object>> receipts = Sql.rows(ds, "SELECT detail->>'service' AS service, "
                + "detail->'rowsErased'->>'saved_report' AS saved_reports FROM account_history "
                + "WHERE tenant_id = ? AND kind = 'erasure-receipt' AND detail->>'service' = 'report-service'", tenant);
        assertEquals(List.of(Map.of("service", "report-service", "saved_reports", "7")), receipts);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Metrics.value("pivot_license_erasure_receipts_total", "outcome", "rejected") >= 1);
        assertTrue(Metrics.value("pivot_license_erasure_receipts_total", "outcome", "duplicate") >= 1);
    }

    /**
     * The database goes away (connections refused, open ones terminated) while a receipt arrives: the consumer waits
     * (readiness DOWN naming its channel, retries counted) and, once the database is back, the same instance records
     * the receipt exactly once.
     */
    @Test
    void anErasureReceiptThatArrivesDuringADatabaseOutageIsRecordedOnceItIsBackWithoutARestart() throws Exception {
        UUID tenant = install(newClientKey(), newBaseUrl(), newSecret(), now());
        TenantErasureReceipt receipt = new TenantErasureReceipt(UUID.randomUUID(), tenant.toString(), "report-service",
                Map.of("saved_report", 2L), Instant.now(), UUID.randomUUID());
        String channel = Topics.TENANT_ERASURE_RECEIPTS;
        double retriesBefore = Metrics.value("pivot_consumer_retries_total", "channel", channel);
        String check = "checks.find { it.name == '" + ConsumerRetryReadiness.NAME + "' }";
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);

        try (DatabaseOutage outage = DatabaseOutage.ofDefaultDatasource();
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(channel, tenant.toString(), EventJson.mapper().writeValueAsString(receipt)))
                    .get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<String, Object> waiting = readiness().getMap(check + ".data");
                return waiting != null && waiting.containsKey(channel);
            });
            assertEquals("DOWN", readiness().getString(check + ".status"));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Metrics.value("pivot_consumer_retries_total", "channel", channel) >= retriesBefore + 2);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count(ds, "SELECT count(*) FROM account_history "
                + "WHERE tenant_id = ? AND kind = 'erasure-receipt'", tenant) == 1);
        assertEquals(1, Sql.count(ds, "SELECT count(*) FROM processed_event WHERE event_id = ?", receipt.eventId()));
        await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(readiness().getString(check + ".status")));
        assertEquals(1, Sql.count(ds, "SELECT count(*) FROM account_history WHERE tenant_id = ? "
                + "AND kind = 'erasure-receipt'", tenant), "recorded once, not once per attempt");
    }

    private static io.restassured.path.json.JsonPath readiness() {
        return io.restassured.RestAssured.given().when().get("/q/health/ready").then().extract().jsonPath();
    }
}
