package io.pivotreport.license.service;

import io.pivotreport.platform.logging.metrics.JobHeartbeats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.license.config.LicenseConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Deletes account-data history older than the retention window (at most 30 days: policy P2), daily. */
@ApplicationScoped
public class AccountHistoryPurge {

    private static final Logger LOG = Logger.getLogger(AccountHistoryPurge.class);
    public static final String PURGED_METRIC = "pivot_retention_rows_purged_total";
    public static final String JOB_TAG = "account-history";

    @Inject
    EntityManager em;

    @Inject
    LicenseConfig config;

    /** The default cron runs daily; a custom one must run at least that often for the ceiling to hold. */
    static final java.time.Duration DAILY_RUN_INTERVAL = java.time.Duration.ofDays(1);

    @Inject
    Clock clock;

    @Inject
    JobHeartbeats jobs;

    private Counter purged;

    @Inject
    void metrics(MeterRegistry registry) {
        purged = Counter.builder(PURGED_METRIC).description("Rows deleted because their retention period ended")
                .tag("job", JOB_TAG).register(registry);
    }

    @Scheduled(cron = "${pivot.license.history.purge-cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /**
     * Deletes what would pass the window before the next daily run; returns how many rows went. Cutting one day early
     * makes the retention a ceiling: with 30 days and a daily purge, no entry is kept past its 30th day (cutting at
     * the window itself would let entries live up to 31 days).
     */
    @Transactional
    public int purge() {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(
                clock.instant().minus(config.history().retention()).plus(DAILY_RUN_INTERVAL), ZoneOffset.UTC);
        int deleted = em.createNativeQuery("DELETE FROM account_history WHERE occurred_at < ?1")
                .setParameter(1, cutoff)
                .executeUpdate();
        purged.increment(deleted);
        jobs.rowsAffected(LicenseJobs.HISTORY_PURGE, deleted);
        jobs.succeeded(LicenseJobs.HISTORY_PURGE, clock.instant());
        LOG.infof("Account history purge removed %d entries older than %s", deleted, cutoff);
        return deleted;
    }
}
