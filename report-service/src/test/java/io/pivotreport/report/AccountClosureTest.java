package io.pivotreport.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.events.AccountClosure;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
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
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Account closures from license-service over the real topic: the closed account's private reports go in every tenant,
 * its shared ones stay without an owner, and its accountId is left nowhere in the database.
 */
@QuarkusTest
class AccountClosureTest {

    private static final Duration PATIENCE = TopicReader.PATIENCE;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    @AfterEach
    void disconnect() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void closureDeletesPrivateReportsKeepsSharedOnesOwnerlessAndLeavesNoTraceOfTheAccount() throws Exception {
        String site = newTenant();
        String otherSite = newTenant();
        String closed = newAccount();
        String colleague = newAccount();
        String privateHere = create(site, closed, report("private here"));
        String sharedHere = create(site, closed, shared(report("shared here")));
        String privateThere = create(otherSite, closed, report("private there"));
        String colleaguesPrivate = create(site, colleague, report("colleague's private"));
        String colleaguesShared = create(site, colleague, shared(report("colleague's shared")));
        await().atMost(PATIENCE).until(() -> Db.count(dataSource,
                "SELECT count(*) FROM outbox_event WHERE sent_at IS NULL") == 0);
        List<String> before = Db.occurrences(dataSource, closed);
        assertTrue(before.containsAll(List.of("saved_report.owner_account_id", "account_reference.account_id",
                "outbox_event.payload")), "the sweep finds the account where it is stored: " + before);
        double erasuresBefore = counter("pivot_account_erasures_total", "service", "report-service");

        publish(closure(closed));

        await().atMost(PATIENCE).until(() -> counter("pivot_account_erasures_total", "service", "report-service")
                == erasuresBefore + 1);
        assertEquals(List.of(), Db.occurrences(dataSource, closed), "no trace of the closed account");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM saved_report WHERE id IN (?, ?)",
                UUID.fromString(privateHere), UUID.fromString(privateThere)));
        Map<String, Object> kept = Db.rows(dataSource, "SELECT owner_account_id, owner_erased_at, name FROM saved_report "
                + "WHERE id = ?", UUID.fromString(sharedHere)).get(0);
        assertEquals("shared here", kept.get("name"));
        assertEquals(null, kept.get("owner_account_id"));
        assertNotNull(kept.get("owner_erased_at"));
        get(site, colleague, colleaguesPrivate).statusCode(200).body("ownerAccountId", equalTo(colleague));
        get(site, colleague, colleaguesShared).statusCode(200).body("ownerAccountId", equalTo(colleague));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM account_reference WHERE tenant_id = ? "
                + "AND account_id = ?", site, colleague));
    }

    @Test
    void anOwnerlessSharedReportIsReadableByAllChangeableByNoneAndDeletableByAnyUserOfTheSite() throws Exception {
        String site = newTenant();
        String closed = newAccount();
        String colleague = newAccount();
        String orphan = create(site, closed, shared(report("orphan")));
        publish(closure(closed));
        await().atMost(PATIENCE).until(() -> Db.count(dataSource, "SELECT count(*) FROM saved_report WHERE id = ? "
                + "AND owner_account_id IS NULL", UUID.fromString(orphan)) == 1);

        get(site, colleague, orphan).statusCode(200)
                .body("ownerAccountId", nullValue()).body("editable", equalTo(false));
        as(site, colleague).get("/reports").then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem(orphan));
        as(site, colleague).header("If-Match", "\"0\"").body(report("taken over")).put("/reports/{id}", orphan)
                .then().statusCode(403);
        as(newTenant(), colleague).delete("/reports/{id}", orphan).then().statusCode(404);
        as(site, colleague).delete("/reports/{id}", orphan).then().statusCode(204);
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM saved_report WHERE id = ?", UUID.fromString(orphan)));
    }

    @Test
    void aRedeliveredClosureIsSkippedAndUnreadableRecordsAreCountedAndSkipped() throws Exception {
        String site = newTenant();
        String closed = newAccount();
        create(site, closed, report("erased"));
        AccountClosure closure = closure(closed);
        publish(closure);
        await().atMost(PATIENCE).until(() -> Db.count(dataSource, "SELECT count(*) FROM saved_report "
                + "WHERE tenant_id = ?", site) == 0);
        double duplicates = counter("pivot_report_account_closure_events_total", "outcome", "duplicate");
        double malformed = counter("pivot_report_account_closure_events_total", "outcome", "malformed");

        // Only to prove the redelivery changes nothing: a report that exists when the same event comes again.
        String afterwards = create(site, closed, report("saved after the closure"));
        publish(closure);
        send("x", "not json");
        send("x", "{\"eventId\":\"" + UUID.randomUUID() + "\",\"accountId\":\"not an account id!\","
                + "\"reportedAt\":\"2026-11-01T00:00:00Z\"}");
        awaitClosureOfAnotherAccount();

        get(site, closed, afterwards).statusCode(200);
        assertEquals(duplicates + 1, counter("pivot_report_account_closure_events_total", "outcome", "duplicate"));
        assertEquals(malformed + 2, counter("pivot_report_account_closure_events_total", "outcome", "malformed"));
    }

    /** Closes a fresh account and waits for it: the topic has one partition, so every earlier record was handled. */
    private void awaitClosureOfAnotherAccount() throws Exception {
        String site = newTenant();
        String marker = newAccount();
        create(site, marker, report("marker"));
        publish(closure(marker));
        await().atMost(PATIENCE).until(() -> Db.count(dataSource, "SELECT count(*) FROM saved_report "
                + "WHERE tenant_id = ?", site) == 0);
    }

    private static AccountClosure closure(String account) {
        return new AccountClosure(UUID.randomUUID(), account, Instant.now());
    }

    private void publish(AccountClosure closure) throws Exception {
        send(closure.accountId(), EventJson.mapper().writeValueAsString(closure));
    }

    private void send(String key, String payload) throws Exception {
        producer.send(new ProducerRecord<>(Topics.ACCOUNT_CLOSURES, key, payload)).get(30, TimeUnit.SECONDS);
    }

    private double counter(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }
}
