package io.pivotreport.report;

import io.pivotreport.events.AccountReference;
import io.pivotreport.events.AccountReference.Change;
import io.pivotreport.events.Topics;
import io.pivotreport.report.service.AccountReferenceReconciler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.pivotreport.report.Api.as;
import static io.pivotreport.report.Api.create;
import static io.pivotreport.report.Api.newAccount;
import static io.pivotreport.report.Api.newTenant;
import static io.pivotreport.report.Api.report;
import static io.pivotreport.report.Api.shared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Report owners announced to license-service on the real account-references topic: HELD for an owner's first report in
 * a tenant (once a day at most), RELEASED when the last one goes, and owners of older reports through the reconcile job.
 * The outbox is written in the request's transaction, so its rows prove what was (or was not) queued right away.
 */
@QuarkusTest
class AccountReferencesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Inject
    DataSource dataSource;

    @Inject
    AccountReferenceReconciler reconciler;

    private TopicReader<AccountReference> topic;

    @BeforeEach
    void connect() {
        topic = new TopicReader<>(bootstrapServers, Topics.ACCOUNT_REFERENCES, AccountReference.class);
    }

    @AfterEach
    void disconnect() {
        topic.close();
    }

    @Test
    void anOwnersFirstReportInATenantPublishesHeldOnceAndFurtherWritesThatDayDoNot() {
        String tenant = newTenant();
        String owner = newAccount();
        String first = create(tenant, owner, report("first"));
        create(tenant, owner, shared(report("second")));
        as(tenant, owner).header("If-Match", "\"0\"").body(report("first, renamed")).put("/reports/{id}", first)
                .then().statusCode(200);

        assertEquals(1, Db.referenceEvents(dataSource, tenant, owner, "HELD"), "one HELD per tenant, owner and day");
        List<AccountReference> held = topic.await(r -> r.tenantId().equals(tenant) && r.accountId().equals(owner));
        assertEquals(1, held.size());
        assertEquals(Change.HELD, held.get(0).change());
        assertEquals("report-service", held.get(0).service());

        String elsewhere = newTenant();
        create(elsewhere, owner, report("same person, another site"));
        assertEquals(1, Db.referenceEvents(dataSource, elsewhere, owner, "HELD"), "each tenant is announced on its own");
    }

    @Test
    void deletingTheOwnersLastReportInTheTenantPublishesReleased() {
        String tenant = newTenant();
        String owner = newAccount();
        String one = create(tenant, owner, report("one"));
        String two = create(tenant, owner, report("two"));
        String colleague = newAccount();
        create(tenant, colleague, report("the colleague's"));

        as(tenant, owner).delete("/reports/{id}", one).then().statusCode(204);
        assertEquals(0, Db.referenceEvents(dataSource, tenant, owner, "RELEASED"), "the owner still holds a report");

        as(tenant, owner).delete("/reports/{id}", two).then().statusCode(204);
        assertEquals(1, Db.referenceEvents(dataSource, tenant, owner, "RELEASED"));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM account_reference WHERE tenant_id = ? "
                + "AND account_id = ?", tenant, owner));
        List<AccountReference> released = topic.await(r -> r.tenantId().equals(tenant) && r.accountId().equals(owner)
                && r.change() == Change.RELEASED);
        assertEquals(1, released.size());
        assertEquals(0, Db.referenceEvents(dataSource, tenant, colleague, "RELEASED"), "the colleague still holds one");
    }

    @Test
    void ownersOfReportsSavedBeforeAccountReferencesAreAnnouncedOnceByTheReconcileJob() throws Exception {
        String tenant = newTenant();
        String unbooked = newAccount();
        String backfilled = newAccount();
        insertLegacyReport(tenant, unbooked);
        insertLegacyReport(tenant, unbooked);
        insertLegacyReport(tenant, backfilled);
        // What migration V2's backfill leaves: the pair is known but was never announced.
        Db.update(dataSource, "INSERT INTO account_reference (tenant_id, account_id) VALUES (?, ?)", tenant, backfilled);
        String gone = newAccount();
        Db.update(dataSource, "INSERT INTO account_reference (tenant_id, account_id, announced_at) VALUES (?, ?, now())",
                tenant, gone);

        long startedAt = java.time.Instant.now().getEpochSecond();
        reconciler.reconcile();
        reconciler.reconcile();

        assertTrue(registry.get("pivot_job_last_success_timestamp_seconds").tag("job", "account-reference-reconcile")
                .gauge().value() >= startedAt, "the reconcile job reports its heartbeat");

        assertEquals(1, Db.referenceEvents(dataSource, tenant, unbooked, "HELD"));
        assertEquals(1, Db.referenceEvents(dataSource, tenant, backfilled, "HELD"));
        assertEquals(1, Db.referenceEvents(dataSource, tenant, gone, "RELEASED"), "a pair without reports is released");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM account_reference WHERE tenant_id = ? "
                + "AND announced_at IS NULL", tenant));
        List<AccountReference> published = topic.await(r -> r.tenantId().equals(tenant)
                && r.accountId().equals(backfilled));
        assertEquals(Change.HELD, published.get(0).change());
        topic.await(r -> r.tenantId().equals(tenant) && r.accountId().equals(unbooked));
        assertTrue(topic.await(r -> r.tenantId().equals(tenant) && r.accountId().equals(gone)).stream()
                .allMatch(r -> r.change() == Change.RELEASED));
        assertFalse(Db.rows(dataSource, "SELECT 1 FROM account_reference WHERE tenant_id = ? AND account_id = ?",
                tenant, unbooked).isEmpty());
    }

    /** A row as report-service wrote it before account references existed. */
    private void insertLegacyReport(String tenant, String owner) throws Exception {
        OffsetDateTime then = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        Db.update(dataSource, "INSERT INTO saved_report (id, tenant_id, owner_account_id, name, source_type, source_ref, "
                        + "configuration, visibility, created_at, updated_at, version) "
                        + "VALUES (?, ?, ?, 'legacy', 'filter', '10010', ?::jsonb, 'private', ?, ?, 0)",
                UUID.randomUUID(), tenant, owner, "{\"schemaVersion\":1}", then, then);
    }
}
