package io.pivotreport.analytics.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.analytics.config.AnalyticsConfig;
import io.pivotreport.platform.logging.metrics.JobHeartbeats;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Deletes session data older than {@code pivot.analytics.retention} (P3). Runs shortly after start-up and then every
 * {@code pivot.analytics.purge.interval} (daily), in chunks of one transaction each so a large backlog never holds a
 * long lock. Publishes the rows it deleted and, through {@link JobHeartbeats}, the time of its last success
 * ({@code pivot_job_last_success_timestamp_seconds{job="session-data-purge"}}), which the stale-purge alert reads.
 */
@Startup // registers its meters at start, so every series is scraped from the first minute
@ApplicationScoped
public class RetentionPurge {

    public static final String ROWS_JOB = "session-data";
    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AnalyticsConfig config;

    @Inject
    JobHeartbeats heartbeats;

    private Counter purged;
    private volatile double lastSuccessEpochSeconds = Double.NaN;

    @Inject
    void metrics(MeterRegistry registry) {
        purged = Counter.builder("pivot_retention_rows_purged_total")
                .description("Rows deleted by retention purges").tag("job", ROWS_JOB).register(registry);
    }

    @Scheduled(identity = "session-data-purge", every = "${pivot.analytics.purge.interval:24h}",
            delayed = "${pivot.analytics.purge.initial-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        try {
            long rows = purgeNow();
            LOG.infof("Session data purge deleted %d row(s) older than %s", rows, config.retention());
        } catch (RuntimeException e) {
            // the success timestamp stays old, so the alert fires if this keeps failing
            LOG.errorf("Session data purge failed: %s", e.getClass().getSimpleName());
        }
    }

    /**
     * Deletes every row that would be older than the retention before the next run; returns how many. Cutting at
     * {@code retention - interval} makes the retention a ceiling: with a daily purge and 30 days, no row is ever kept
     * past its 30th day (cutting at the retention itself would let rows live up to 31 days).
     */
    public long purgeNow() {
        Instant now = clock.instant();
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(config.retention()).plus(config.purge().interval()),
                ZoneOffset.UTC);
        int chunk = config.purge().chunkSize();
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                            "DELETE FROM session_event WHERE event_id IN (SELECT event_id FROM session_event "
                                    + "WHERE occurred_at < ?1 LIMIT ?2)")
                    .setParameter(1, cutoff)
                    .setParameter(2, chunk)
                    .executeUpdate());
            total += deleted;
            purged.increment(deleted);
            heartbeats.rowsAffected(JobHeartbeats.Job.SESSION_DATA_PURGE, deleted);
        } while (deleted == chunk);
        heartbeats.succeeded(JobHeartbeats.Job.SESSION_DATA_PURGE, now);
        lastSuccessEpochSeconds = now.getEpochSecond();
        return total;
    }

    /** Epoch seconds of the last successful purge, NaN before the first one. */
    public double lastSuccessEpochSeconds() {
        return lastSuccessEpochSeconds;
    }
}
