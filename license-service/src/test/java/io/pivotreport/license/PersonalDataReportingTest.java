package io.pivotreport.license;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.events.AccountClosure;
import io.pivotreport.events.AccountReference;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.Topics;
import io.pivotreport.license.messaging.AccountReferenceConsumer;
import io.pivotreport.license.service.PersonalDataReportingJob;
import io.pivotreport.license.service.TenantErasureJob;
import io.pivotreport.license.support.AccountReferences;
import io.pivotreport.license.support.LifecycleTopic;
import io.pivotreport.license.support.Metrics;
import io.pivotreport.license.support.MovableClock;
import io.pivotreport.license.support.PersonalDataApiPortResource;
import io.pivotreport.license.support.TestTopics;
import io.pivotreport.test.RestartableKafkaResource;
import io.pivotreport.license.support.Sql;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.pivotreport.test.atlassian.PersonalDataApiFake;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.pivotreport.license.support.AccountReferences.reference;
import static io.pivotreport.license.support.Api.connect;
import static io.pivotreport.license.support.Api.install;
import static io.pivotreport.license.support.Api.newBaseUrl;
import static io.pivotreport.license.support.Api.newClientKey;
import static io.pivotreport.license.support.Api.newSecret;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(value = RestartableKafkaResource.class,
        initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = TestTopics.ALL))
@WithTestResource(InternalJwtTestResource.class)
// GLOBAL: every test class gets the same API URL, so this adds no application start of its own
@WithTestResource(value = PersonalDataApiPortResource.class, scope = TestResourceScope.GLOBAL)
class PersonalDataReportingTest {

    private static final String APP_KEY = "io.pivotreport.test";
    private static final Duration CYCLE = Duration.ofDays(7);
    private static PersonalDataApiFake fake;

    @Inject
    AgroalDataSource ds;

    @Inject
    MovableClock clock;

    @Inject
    PersonalDataReportingJob job;

    @Inject
    TenantErasureJob erasure;

    @BeforeAll
    static void startFake() {
        URI api = URI.create(ConfigProvider.getConfig().getValue(PersonalDataApiPortResource.API_BASE_URL,
                String.class));
        fake = PersonalDataApiFake.start(APP_KEY, api.getPort());
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @AfterEach
    void resetFake() {
        fake.reset();
        fake.cyclePeriod(String.valueOf(CYCLE.toSeconds()));
    }

    /** A Connect tenant whose secret the fake knows. */
    private Tenant connectTenant() {
        String clientKey = newClientKey();
        String secret = newSecret();
        UUID id = install(clientKey, newBaseUrl(), secret, clock.instant().getEpochSecond());
        fake.registerTenant(clientKey, secret);
        fake.clock(clock);
        return new Tenant(id, clientKey);
    }

    private record Tenant(UUID id, String clientKey) {
    }

    /** Reports whatever earlier tests left due (moved clocks make it due), so this test's calls are its own. */
    private void drainOtherDueAccounts() {
        job.reportDue();
        fake.reset();
    }

    private static List<String> accounts(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> "557058:" + prefix + "-" + i).toList();
    }

    private void hold(Tenant tenant, List<String> accountIds, String service, Instant at) {
        AccountReferences.publish(accountIds.stream().map(a -> reference(tenant.id(), a, service,
                AccountReference.Change.HELD, at)).toArray(AccountReference[]::new));
    }

    private long registered(Tenant tenant) {
        return Sql.count(ds, "SELECT count(*) FROM reported_account WHERE tenant_id = ?", tenant.id());
    }

    private void awaitRegistered(Tenant tenant, long n) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(n, registered(tenant)));
    }

    private List<PersonalDataApiFake.Call> callsFor(Tenant tenant) {
        return fake.calls().stream().filter(c -> tenant.clientKey().equals(c.clientKey())).toList();
    }

    private Set<String> reportedFor(Tenant tenant) {
        Set<String> ids = new HashSet<>();
        callsFor(tenant).stream().filter(c -> c.status() == 200 || c.status() == 204)
                .forEach(c -> ids.addAll(c.accountIds()));
        return ids;
    }

    @Test
    void heldAccountsAreReportedInCallsOfAtMost90OncePerCycle() {
        Tenant tenant = connectTenant();
        List<String> held = accounts("bulk-" + UUID.randomUUID().toString().substring(0, 8), 200);
        Instant storedAt = clock.instant().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        hold(tenant, held, "report-service", storedAt);
        awaitRegistered(tenant, 200);
        double reportedBefore = Metrics.value(PersonalDataReportingJob.REPORTED_METRIC);

        job.reportDue();

        assertEquals(List.of(90, 90, 20), callsFor(tenant).stream().map(c -> c.accounts().size()).toList());
        assertEquals(new HashSet<>(held), reportedFor(tenant));
        assertTrue(callsFor(tenant).stream().flatMap(c -> c.accounts().stream())
                .allMatch(a -> Instant.parse(a.updatedAt()).equals(storedAt)), "updatedAt is when the data was stored");
        assertTrue(Metrics.value(PersonalDataReportingJob.REPORTED_METRIC) >= reportedBefore + 200);
        assertTrue(Metrics.value("pivot_job_last_success_timestamp_seconds", "job", "personal-data-reporting")
                >= clock.instant().getEpochSecond() - 60);

        job.reportDue();
        assertEquals(3, callsFor(tenant).size(), "nothing is reported again within the cycle");

        clock.advance(CYCLE.minusMinutes(5));
        job.reportDue();
        assertEquals(3, callsFor(tenant).size(), "still within the cycle");

        clock.advance(Duration.ofMinutes(6));
        job.reportDue();
        assertEquals(List.of(90, 90, 20, 90, 90, 20), callsFor(tenant).stream().map(c -> c.accounts().size())
                .toList());
    }

    @Test
    void theCyclePeriodHeaderSetsWhenAnAccountIsReportedNext() {
        fake.cyclePeriod(String.valueOf(Duration.ofDays(1).toSeconds()));
        Tenant tenant = connectTenant();
        hold(tenant, accounts("cycle-" + UUID.randomUUID(), 3), "report-service", clock.instant());
        awaitRegistered(tenant, 3);

        job.reportDue();
        Instant reportedAt = clock.instant();
        assertEquals(1, callsFor(tenant).size());
        for (Map<String, Object> row : Sql.rows(ds, "SELECT next_report_at FROM reported_account WHERE tenant_id = ?",
                tenant.id())) {
            Duration untilNext = Duration.between(reportedAt, (Instant) row.get("next_report_at"));
            assertTrue(untilNext.compareTo(Duration.ofHours(23)) > 0 && untilNext.compareTo(Duration.ofHours(25)) < 0,
                    "next report one Cycle-Period (86400 s) later, not the 7-day default: " + untilNext);
        }

        clock.advance(Duration.ofHours(23));
        job.reportDue();
        assertEquals(1, callsFor(tenant).size());
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        job.reportDue();
        assertEquals(2, callsFor(tenant).size(), "reported again after one day");
    }

    @Test
    void aRateLimitPausesAllReportingUntilRetryAfterAndLosesNoAccount() {
        drainOtherDueAccounts(); // the 429 must hit this test's tenant
        Tenant tenant = connectTenant();
        List<String> held = accounts("limited-" + UUID.randomUUID(), 100);
        hold(tenant, held, "report-service", clock.instant());
        awaitRegistered(tenant, 100);
        double limitedBefore = Metrics.value(PersonalDataReportingJob.CALLS_METRIC, "outcome", "rate_limited");
        fake.rateLimitNext(1, "120");

        job.reportDue();
        assertEquals(List.of(429), fake.calls().stream().map(PersonalDataApiFake.Call::status).toList());
        assertEquals(limitedBefore + 1, Metrics.value(PersonalDataReportingJob.CALLS_METRIC, "outcome",
                "rate_limited"));

        clock.advance(Duration.ofSeconds(110));
        job.reportDue();
        assertEquals(1, fake.calls().size(), "no call before Retry-After has passed");
        assertEquals(100, Sql.count(ds, "SELECT count(*) FROM reported_account WHERE tenant_id = ? "
                + "AND last_reported_at IS NULL", tenant.id()));

        clock.advance(Duration.ofSeconds(11));
        job.reportDue();
        assertEquals(new HashSet<>(held), reportedFor(tenant), "every account reported after the pause");
        assertEquals(List.of(429, 204, 204), fake.calls().stream().map(PersonalDataApiFake.Call::status).toList());
    }

    @Test
    void aServerErrorLeavesTheAccountsDueForTheNextRun() {
        drainOtherDueAccounts();
        Tenant tenant = connectTenant();
        List<String> held = accounts("flaky-" + UUID.randomUUID(), 5);
        hold(tenant, held, "report-service", clock.instant());
        awaitRegistered(tenant, 5);
        fake.failNext(1, 500);
        double errorsBefore = Metrics.value(PersonalDataReportingJob.CALLS_METRIC, "outcome", "error");

        assertEquals(PersonalDataReportingJob.BatchOutcome.ERROR, job.reportDue().ended());
        assertEquals(errorsBefore + 1, Metrics.value(PersonalDataReportingJob.CALLS_METRIC, "outcome", "error"));
        assertEquals(5, Sql.count(ds, "SELECT count(*) FROM reported_account WHERE tenant_id = ? "
                + "AND last_reported_at IS NULL", tenant.id()));

        job.reportDue();
        assertEquals(new HashSet<>(held), reportedFor(tenant));
    }

    @Test
    void aClosedAccountIsPublishedAndErasedFromEveryTenantWithoutItsIdInTheHistory() {
        drainOtherDueAccounts();
        Tenant first = connectTenant();
        Tenant second = connectTenant();
        String closed = PersonalDataApiFake.CLOSED_TEST_ACCOUNT;
        String active = PersonalDataApiFake.ACTIVE_TEST_ACCOUNT;
        hold(first, List.of(closed, active), "report-service", clock.instant());
        hold(second, List.of(closed), "report-service", clock.instant());
        awaitRegistered(first, 2);
        awaitRegistered(second, 1);
        double closedBefore = Metrics.value(PersonalDataReportingJob.CLOSED_METRIC);

        job.reportDue();

        assertEquals(0, Sql.count(ds, "SELECT count(*) FROM reported_account WHERE account_id = ?", closed));
        assertEquals(0, Sql.count(ds, "SELECT count(*) FROM account_holder WHERE account_id = ?", closed));
        assertEquals(1, registered(first), "the active account stays");
        assertEquals(0, registered(second));
        assertEquals(closedBefore + 1, Metrics.value(PersonalDataReportingJob.CLOSED_METRIC));
        for (Tenant tenant : List.of(first, second)) {
            Map<String, Object> entry = Sql.one(ds, "SELECT detail::text AS detail FROM account_history "
                    + "WHERE tenant_id = ? AND kind = 'accounts-closed'", tenant.id());
            assertEquals("{\"accounts\": 1}", entry.get("detail"));
        }
        assertEquals(0, Sql.count(ds, "SELECT count(*) FROM account_history WHERE detail::text LIKE ?",
                "%" + closed + "%"), "no history entry names the account");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<AccountClosure> closures = new ArrayList<>();
            LifecycleTopic.readAll(Topics.ACCOUNT_CLOSURES).stream().filter(r -> closed.equals(r.key()))
                    .forEach(r -> {
                        try {
                            closures.add(EventJson.mapper().readValue(r.value(), AccountClosure.class));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
            assertEquals(1, closures.size());
            assertEquals(closed, closures.get(0).accountId());
        });
    }

    @Test
    void anUpdatedAccountIsRecordedAndNothingIsErased() {
        drainOtherDueAccounts();
        Tenant tenant = connectTenant();
        String account = "557058:updated-" + UUID.randomUUID();
        fake.answer(account, PersonalDataApiFake.Status.UPDATED);
        hold(tenant, List.of(account), "report-service", clock.instant());
        awaitRegistered(tenant, 1);
        double updatedBefore = Metrics.value(PersonalDataReportingJob.UPDATED_METRIC);

        job.reportDue();

        assertEquals(List.of(200), callsFor(tenant).stream().map(PersonalDataApiFake.Call::status).toList());
        assertEquals("updated", Sql.one(ds, "SELECT last_status FROM reported_account WHERE account_id = ?", account)
                .get("last_status"));
        assertEquals(1, Sql.count(ds, "SELECT count(*) FROM account_holder WHERE account_id = ?", account));
        assertEquals(updatedBefore + 1, Metrics.value(PersonalDataReportingJob.UPDATED_METRIC));
    }

    @Test
    void anAccountReleasedByItsLastHolderIsNoLongerReported() {
        Tenant tenant = connectTenant();
        String account = "557058:released-" + UUID.randomUUID();
        Instant t = clock.instant();
        hold(tenant, List.of(account), "report-service", t);
        hold(tenant, List.of(account), "analytics-service", t);
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count(ds,
                "SELECT count(*) FROM account_holder WHERE account_id = ?", account) == 2);

        AccountReferences.publish(reference(tenant.id(), account, "report-service", AccountReference.Change.RELEASED,
                t.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(60)).until(() -> Sql.count(ds,
                "SELECT count(*) FROM account_holder WHERE account_id = ?", account) == 1);
        assertEquals(1, registered(tenant), "another service still holds it");

        AccountReferences.publish(reference(tenant.id(), account, "analytics-service",
                AccountReference.Change.RELEASED, t.plusSeconds(2)));
        awaitRegistered(tenant, 0);

        job.reportDue();
        assertTrue(callsFor(tenant).isEmpty());
        assertFalse(fake.calls().stream().anyMatch(c -> c.accountIds().contains(account)));
    }

    @Test
    void aRedeliveredReferenceIsAppliedOnce() {
        Tenant tenant = connectTenant();
        String account = "557058:dup-" + UUID.randomUUID();
        Instant t = clock.instant();
        AccountReference held = reference(tenant.id(), account, "report-service", AccountReference.Change.HELD, t);
        double duplicatesBefore = Metrics.value(AccountReferenceConsumer.METRIC, "outcome", "duplicate");
        AccountReferences.publish(held);
        awaitRegistered(tenant, 1);
        // released, then the old HELD again: the duplicate must not bring the account back
        AccountReferences.publish(reference(tenant.id(), account, "report-service", AccountReference.Change.RELEASED,
                t.plusSeconds(1)), held);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(duplicatesBefore + 1,
                Metrics.value(AccountReferenceConsumer.METRIC, "outcome", "duplicate")));
        assertEquals(0, registered(tenant));
    }

    @Test
    void invalidAccountIdsNeverReachTheRegistry() {
        Tenant tenant = connectTenant();
        double invalidBefore = Metrics.value(AccountReferenceConsumer.METRIC, "outcome", "invalid_account");
        double unknownBefore = Metrics.value(AccountReferenceConsumer.METRIC, "outcome", "unknown_tenant");
        String payload = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"tenantId\":\"" + tenant.id()
                + "\",\"accountId\":\"not an account id <a@b.c>\",\"service\":\"report-service\",\"change\":\"HELD\","
                + "\"occurredAt\":\"" + clock.instant() + "\"}";
        AccountReferences.publishRaw(tenant.id().toString(), payload);
        AccountReferences.publish(reference(UUID.randomUUID(), "557058:orphan", "report-service",
                AccountReference.Change.HELD, clock.instant()));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertEquals(invalidBefore + 1, Metrics.value(AccountReferenceConsumer.METRIC, "outcome",
                    "invalid_account"));
            assertEquals(unknownBefore + 1, Metrics.value(AccountReferenceConsumer.METRIC, "outcome",
                    "unknown_tenant"));
        });
        assertEquals(0, registered(tenant));
        assertEquals(0, Sql.count(ds, "SELECT count(*) FROM account_holder WHERE account_id LIKE 'not an%' "
                + "OR account_id = '557058:orphan'"));
    }

    @Test
    void erasingATenantDeletesItsRegistryAndCountsIt() {
        Tenant tenant = connectTenant();
        hold(tenant, accounts("erased-" + UUID.randomUUID(), 2), "report-service", clock.instant());
        awaitRegistered(tenant, 2);
        connect("uninstalled", clock.instant().getEpochSecond(), tenant.clientKey()).statusCode(200);

        clock.advance(Duration.ofDays(30).plusMinutes(1));
        erasure.eraseDueTenants();

        assertEquals(0, registered(tenant));
        assertEquals(0, Sql.count(ds, "SELECT count(*) FROM account_holder WHERE tenant_id = ?", tenant.id()));
        Map<String, Object> record = Sql.one(ds, "SELECT detail->>'accountReferencesErased' AS n FROM account_history "
                + "WHERE tenant_id = ? AND kind = 'erasure-due'", tenant.id());
        assertEquals("2", record.get("n"));
    }

    @Test
    void forgeTenantsAreSkippedAndCounted() {
        String installation = "ari:cloud:ecosystem::installation/" + UUID.randomUUID();
        Map<String, Object> body = Map.of("event", "installed", "issuedAt", clock.instant().getEpochSecond(),
                "installationId", installation, "cloudId", "cloud-x", "environmentType", "PRODUCTION",
                "environmentId", "ari:cloud:ecosystem::environment/" + UUID.randomUUID(),
                "appId", "ari:cloud:ecosystem::app/" + UUID.randomUUID());
        UUID forge = UUID.fromString(io.pivotreport.license.support.Api.as(
                io.pivotreport.license.support.Api.gatewayToken()).body(body).post("/internal/lifecycle/forge")
                .then().statusCode(200).extract().path("tenantId"));
        Tenant tenant = new Tenant(forge, "forge-has-no-client-key");
        hold(tenant, List.of("557058:forge-user-" + UUID.randomUUID()), "report-service", clock.instant());
        awaitRegistered(tenant, 1);
        double skippedBefore = Metrics.value(PersonalDataReportingJob.SKIPPED_METRIC, "reason", "forge");

        job.reportDue();

        assertEquals(skippedBefore + 1, Metrics.value(PersonalDataReportingJob.SKIPPED_METRIC, "reason", "forge"));
        Map<String, Object> row = Sql.one(ds, "SELECT last_status, last_reported_at FROM reported_account "
                + "WHERE tenant_id = ?", forge);
        assertEquals("skipped", row.get("last_status"));
        assertNull(row.get("last_reported_at"));
        assertNotNull(row);
    }
}
