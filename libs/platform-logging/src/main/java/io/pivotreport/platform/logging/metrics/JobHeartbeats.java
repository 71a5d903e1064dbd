package io.pivotreport.platform.logging.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

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

    /**
     * A job's name, the {@code job} tag value: lower-case words joined by hyphens (at most 63 characters), a fixed
     * constant of the service, never data. The platform's policy jobs are constants here; a service names its own
     * with {@link #named}.
     */
    public record Job(String tag) {

        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

        public static final Job ACCOUNT_HISTORY_PURGE = new Job("account-history-purge");
        public static final Job SESSION_DATA_PURGE = new Job("session-data-purge");
        public static final Job TENANT_ERASURE = new Job("tenant-erasure");
        public static final Job PERSONAL_DATA_REPORTING = new Job("personal-data-reporting");

        public Job {
            if (tag == null || tag.length() > 63 || !NAME.matcher(tag).matches()) {
                throw new IllegalArgumentException("a job name is lower-case words joined by hyphens, at most 63 "
                        + "characters: " + tag);
            }
        }

        /** A job of the service's own, e.g. {@code Job.named("secret-reencryption")}. */
        public static Job named(String name) {
            return new Job(name);
        }

        @Override
        public String toString() {
            return tag;
        }
    }

    private final MeterRegistry registry;
    private final Map<Job, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<Job, Counter> rows = new ConcurrentHashMap<>();

    public JobHeartbeats(MeterRegistry registry) {
        this.registry = registry;
        for (Job job : List.of(Job.ACCOUNT_HISTORY_PURGE, Job.SESSION_DATA_PURGE, Job.TENANT_ERASURE,
                Job.PERSONAL_DATA_REPORTING)) {
            rows(job);
        }
    }

    /**
     * Publishes the job's rows counter at 0 from start-up. The last-success gauge still appears only at the first
     * success: a job that never succeeded is an absent series, which the alerts treat like a stale one.
     */
    public void register(Job job) {
        rows(job);
    }

    /** Records a successful run finished at {@code finishedAt} (pass the service's Clock in tests with a moved clock). */
    public void succeeded(Job job, Instant finishedAt) {
        // strong reference in the map: Micrometer holds a gauge's state weakly
        lastSuccess.computeIfAbsent(job, j -> {
            AtomicLong seconds = new AtomicLong();
            Gauge.builder(MetricNames.JOB_LAST_SUCCESS, seconds, AtomicLong::doubleValue)
                    .description("Unix time of the job's last successful run")
                    .tag("job", j.tag())
                    .register(registry);
            return seconds;
        }).set(finishedAt.getEpochSecond());
    }

    /** Records a successful run finishing now. */
    public void succeeded(Job job) {
        succeeded(job, Instant.now());
    }

    private Counter rows(Job job) {
        return rows.computeIfAbsent(job, j -> Counter.builder(MetricNames.JOB_ROWS_AFFECTED)
                .description("Rows a scheduled job deleted, erased or reported")
                .tag("job", j.tag())
                .register(registry));
    }

    /** Adds the rows a run touched. */
    public void rowsAffected(Job job, long count) {
        if (count > 0) {
            rows(job).increment(count);
        }
    }
}
