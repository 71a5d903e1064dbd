package io.pivotreport.license;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.license.service.AccountHistoryPurge;
import io.pivotreport.license.support.Metrics;
import io.pivotreport.license.support.MovableClock;
import io.pivotreport.license.support.TestTopics;
import io.pivotreport.test.RestartableKafkaResource;
import io.pivotreport.license.support.Sql;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pivotreport.license.support.Api.as;
import static io.pivotreport.license.support.Api.gatewayToken;
import static io.pivotreport.license.support.Api.install;
import static io.pivotreport.license.support.Api.newBaseUrl;
import static io.pivotreport.license.support.Api.newClientKey;
import static io.pivotreport.license.support.Api.newSecret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(value = RestartableKafkaResource.class,
        initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = TestTopics.ALL))
@WithTestResource(InternalJwtTestResource.class)
class AccountHistoryRetentionTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    MovableClock clock;

    @Inject
    AccountHistoryPurge purge;

    private List<String> kinds(UUID tenant) {
        return Sql.rows(ds, "SELECT kind FROM account_history WHERE tenant_id = ? ORDER BY id", tenant).stream()
                .map(r -> (String) r.get("kind")).toList();
    }

    @Test
    void historyOlderThanThirtyDaysIsPurgedCountedAndTheRunIsRecorded() {
        UUID tenant = install(newClientKey(), newBaseUrl(), newSecret(), clock.instant().getEpochSecond());
        clock.advance(Duration.ofDays(20));
        as(gatewayToken(tenant)).body(Map.of("lic", "active", "source", "rest")).post("/internal/license-checks")
                .then().statusCode(204);
        assertEquals(List.of("installed", "license-check"), kinds(tenant));

        clock.advance(Duration.ofDays(10).plusMinutes(1));
        long due = Sql.count(ds, "SELECT count(*) FROM account_history WHERE occurred_at < ?",
                java.time.OffsetDateTime.ofInstant(clock.instant().minus(Duration.ofDays(30)), java.time.ZoneOffset.UTC));
        double purgedBefore = Metrics.value(AccountHistoryPurge.PURGED_METRIC, "job", "account-history");
        long runStartedAt = clock.instant().getEpochSecond();

        int purged = purge.purge();

        assertTrue(purged >= 1 && purged >= due, "purged " + purged + " of " + due + " due");
        assertEquals(List.of("license-check"), kinds(tenant), "the 30-day-old install entry went, the newer check stayed");
        assertEquals(purgedBefore + purged, Metrics.value(AccountHistoryPurge.PURGED_METRIC, "job", "account-history"));
        double lastSuccess = Metrics.value("pivot_job_last_success_timestamp_seconds", "job", "account-history-purge");
        assertTrue(lastSuccess >= runStartedAt, "last success " + lastSuccess + " is the moved clock's time of the run");
        assertEquals(0, Sql.count(ds, "SELECT count(*) FROM account_history WHERE occurred_at < ?",
                java.time.OffsetDateTime.ofInstant(clock.instant().minus(Duration.ofDays(30)), java.time.ZoneOffset.UTC)));
    }
}
