package io.pivotreport.analytics.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.analytics.config.AnalyticsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a consumer's handling of one record or batch until it succeeds, waiting with a capped exponential backoff in
 * between. A consumer handler only fails when something it depends on is away (the database, the broker for dead
 * letters): poison records are sorted out before and never throw. So instead of nacking, which with
 * {@code failure-strategy=fail} would stop the channel for good, the handler keeps its record unacknowledged (its
 * offset is not committed) and tries again; the connector keeps polling with the partitions paused, so the consumer
 * stays in its group. While a channel waits, {@link #waiting()} names it and the readiness check reports DOWN.
 *
 * <p>Only shutdown ends the wait: the failure is then rethrown so nothing is acknowledged, and the records are
 * redelivered to the next instance (the handlers are idempotent).
 */
@Startup // registers its meters at start, so every series is scraped from the first minute
@ApplicationScoped
public class ConsumerRetry {

    private static final Logger LOG = Logger.getLogger(ConsumerRetry.class);

    @Inject
    AnalyticsConfig config;

    @Inject
    Clock clock;

    private final Map<String, Instant> waitingSince = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    private volatile boolean stopping;
    private MeterRegistry registry;

    @Inject
    void metrics(MeterRegistry registry) {
        this.registry = registry;
        for (String channel : new String[] {Channels.SESSION_EVENTS, Channels.TENANT_LIFECYCLE}) {
            retries(channel);
        }
    }

    /** Runs {@code work} until it returns; rethrows only when the application is shutting down. */
    public void untilDone(String channel, Runnable work) {
        long failures = 0;
        while (true) {
            try {
                work.run();
                if (failures > 0) {
                    Instant since = waitingSince.remove(channel);
                    LOG.infof("Channel %s handled its pending records again after %d failed attempt(s) over %d s",
                            channel, failures, since == null ? 0 : Duration.between(since, clock.instant()).toSeconds());
                }
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    waitingSince.remove(channel);
                    throw e;
                }
                failures++;
                waitingSince.putIfAbsent(channel, clock.instant());
                retries(channel).increment();
                Duration backoff = backoff(failures);
                // first failure and then every tenth: enough to see it, not a line per attempt for an hour
                if (failures == 1 || failures % 10 == 0) {
                    LOG.warnf("Channel %s could not handle its records (%s); nothing is acknowledged, retry %d in %d ms",
                            channel, describe(e), failures, backoff.toMillis());
                }
                pause(backoff);
            }
        }
    }

    /** Channels currently waiting for a failure to pass, with the instant they started waiting. */
    public Map<String, Instant> waiting() {
        return Map.copyOf(waitingSince);
    }

    Duration backoff(long failures) {
        Duration initial = config.consumerRetry().initialBackoff();
        Duration max = config.consumerRetry().maxBackoff();
        long shift = Math.min(failures - 1, 20);
        Duration next = initial.multipliedBy(1L << shift);
        return next.compareTo(max) > 0 ? max : next;
    }

    /** The exception types and SQL states of the cause chain: never a message, which may quote record content. */
    static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 6; t = t.getCause(), depth++) {
            if (out.length() > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getSimpleName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                out.append("[SQL state ").append(sql.getSQLState()).append(']');
            }
        }
        return out.toString();
    }

    private Counter retries(String channel) {
        return retries.computeIfAbsent(channel, c -> Counter.builder("pivot_consumer_retries_total")
                .description("Failed attempts to handle a record or batch that were retried instead of nacked")
                .tag("channel", c).register(registry));
    }

    private void pause(Duration backoff) {
        synchronized (wakeUp) {
            if (stopping) {
                return;
            }
            try {
                wakeUp.wait(Math.max(1, backoff.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    // early, so a waiting handler lets go before the connectors close
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        synchronized (wakeUp) {
            stopping = true;
            wakeUp.notifyAll();
        }
    }
}
