package io.pivotreport.platform.logging.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heartbeat of the scheduled jobs the policy depends on (retention purges, tenant erasure, privacy reporting).
 * A job calls {@link #succeeded} at the end of a successful run; the alert {@code RetentionPurgeStale} fires when a
 * job has not succeeded for 26 hours. The gauge appears at the first success, so a job that never ran is visible as
 * an absent series (the alert covers that case too).
 *
 * <p>In Prometheus the {@code job} tag collides with the scrape job's label and is stored as {@code exported_job}.
 */
@ApplicationScoped
public class JobHeartbeats {

    /** The jobs that report heartbeats; the names are the {@code job} tag values. */
    public enum Job {
        ACCOUNT_HISTORY_PURGE("account-history-purge"),
        SESSION_DATA_PURGE("session-data-purge"),
        TENANT_ERASURE("tenant-erasure"),
        PERSONAL_DATA_REPORTING("personal-data-reporting");

        private final String tag;

        Job(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final MeterRegistry registry;
    private final Map<Job, AtomicLong> lastSuccess = new EnumMap<>(Job.class);
    private final Map<Job, Counter> rows = new EnumMap<>(Job.class);

    public JobHeartbeats(MeterRegistry registry) {
        this.registry = registry;
        for (Job job : Job.values()) {
            rows.put(job, Counter.builder(MetricNames.JOB_ROWS_AFFECTED)
                    .description("Rows a scheduled job deleted, erased or reported")
                    .tag("job", job.tag())
                    .register(registry));
        }
    }

    /** Records a successful run finished at {@code finishedAt} (pass the service's Clock in tests with a moved clock). */
    public synchronized void succeeded(Job job, Instant finishedAt) {
        AtomicLong seconds = lastSuccess.get(job);
        if (seconds == null) {
            seconds = new AtomicLong();
            Gauge.builder(MetricNames.JOB_LAST_SUCCESS, seconds, AtomicLong::doubleValue)
                    .description("Unix time of the job's last successful run")
                    .tag("job", job.tag())
                    .register(registry);
            lastSuccess.put(job, seconds);
        }
        seconds.set(finishedAt.getEpochSecond());
    }

    /** Records a successful run finishing now. */
    public void succeeded(Job job) {
        succeeded(job, Instant.now());
    }

    /** Adds the rows a run touched. */
    public void rowsAffected(Job job, long count) {
        if (count > 0) {
            rows.get(job).increment(count);
        }
    }
}
