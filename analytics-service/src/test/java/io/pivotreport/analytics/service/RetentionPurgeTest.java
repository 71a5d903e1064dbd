package io.pivotreport.analytics.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.analytics.support.AnalyticsTestResources;
import io.pivotreport.analytics.support.Database;
import io.pivotreport.analytics.support.Events;
import io.pivotreport.analytics.support.KafkaClients;
import io.pivotreport.analytics.support.MutableClock;
import io.pivotreport.events.SessionEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = AnalyticsTestResources.TOPICS))
@WithTestResource(value = InternalJwtTestResource.class)
class RetentionPurgeTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MutableClock clock;

    @Inject
    RetentionPurge purge;

    @Inject
    MeterRegistry registry;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void thePurgeDeletesSessionDataThatWouldPassThirtyDaysBeforeTheNextRun() {
        String tenant = Events.newTenant("retention");
        Instant now = Instant.now();
        SessionEvent twoDaysOld = Events.generated(tenant, now.minus(Duration.ofDays(2)), 100);
        SessionEvent oneHourOld = Events.generated(tenant, now.minus(Duration.ofHours(1)), 100);
        KafkaClients.produce(Topics.SESSION_EVENTS, List.of(Events.record(twoDaysOld), Events.record(oneHourOld)));
        Database db = new Database(dataSource);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.sessionRows(tenant) == 2);

        // 28 days later the two-day-old event is 30 days old and the other one 28 days and 23 hours. With a daily purge
        // the cut is at 29 days (retention minus interval), so nothing can outlive its 30th day before the next run.
        clock.advance(Duration.ofDays(28));
        Instant cutoff = clock.instant().minus(Duration.ofDays(29));
        long due = db.count("SELECT count(*) FROM session_event WHERE occurred_at < ?", Timestamp.from(cutoff));
        double purgedBefore = registry.find("pivot_retention_rows_purged_total").tag("job", "session-data")
                .counter().count();

        long purged = purge.purgeNow();

        assertTrue(due >= 1);
        assertEquals(due, purged);
        assertFalse(db.stored(twoDaysOld.eventId()));
        assertTrue(db.stored(oneHourOld.eventId()));
        assertEquals(0, db.count("SELECT count(*) FROM session_event WHERE occurred_at < ?",
                Timestamp.from(clock.instant().minus(Duration.ofDays(30)))));
        assertEquals(purged, registry.find("pivot_retention_rows_purged_total").tag("job", "session-data")
                .counter().count() - purgedBefore);
        double lastSuccess = registry.find("pivot_job_last_success_timestamp_seconds")
                .tag("job", "session-data-purge").gauge().value();
        assertTrue(Math.abs(lastSuccess - clock.instant().getEpochSecond()) < 60,
                "the success timestamp follows the application's clock");
    }

    @Test
    void aPurgeWithNothingDueDeletesNothingAndStillReportsSuccess() {
        String tenant = Events.newTenant("retention-fresh");
        SessionEvent fresh = Events.generated(tenant, Instant.now(), 100);
        KafkaClients.produce(Topics.SESSION_EVENTS, List.of(Events.record(fresh)));
        Database db = new Database(dataSource);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.stored(fresh.eventId()));
        purge.purgeNow(); // clears whatever other tests left that is already due

        assertEquals(0, purge.purgeNow());
        assertTrue(db.stored(fresh.eventId()));
        assertTrue(Math.abs(purge.lastSuccessEpochSeconds() - Instant.now().getEpochSecond()) < 60);
    }
}
