package io.pivotreport.platform.data;

import com.fasterxml.jackson.core.JacksonException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.ValidationException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * How every Kafka consumer of the platform survives a failure of what it depends on. The handler runs its work for a
 * record or batch through {@link #untilDone}; a failure is classified ({@link #classify}):
 * <ul>
 *   <li>{@link Failure#POISON} (the record does not deserialize or fails validation, or the handler threw
 *       {@link PoisonRecordException}): thrown at once as a {@link PoisonRecordException}, no wait, no retry; the
 *       consumer applies its own policy for bad input (dead letter, or skip and count).</li>
 *   <li>{@link Failure#TRANSIENT} (database unreachable, connection errors, lock or serialization conflicts, broker
 *       errors) and {@link Failure#UNEXPECTED} (anything else): the work runs again after a wait doubling from
 *       {@code pivot.consumer-retry.initial-backoff} to {@code …max-backoff}, without an attempt limit. Skipping an
 *       erasure because of an unknown failure would lose it silently; waiting is visible instead.</li>
 * </ul>
 * While a channel waits, its record stays unacknowledged (with {@code commit-strategy=latest} no offset past it is
 * committed), the connector keeps polling with the partitions paused so the consumer stays in its group,
 * {@link #waiting()} names the channel ({@link ConsumerRetryReadiness} is DOWN) and
 * {@code pivot_consumer_retries_total{channel}} counts the failed attempts. Nacking instead would, with
 * {@code failure-strategy=fail}, stop the channel until a restart.
 *
 * <p>Only shutdown ends a wait: the failure is then rethrown so nothing is acknowledged, and the record is
 * redelivered to the next instance (handlers are idempotent through {@link ProcessedEvents}).
 *
 * <p>The work must open its own transaction per attempt (a {@code @Transactional} service method, or
 * {@link #untilCommitted}); a handler method that is itself {@code @Transactional} would retry inside a dead
 * transaction.
 */
@Startup // registers its meters at start, so every series is scraped from the first minute
@Singleton
public class ConsumerRetry {

    /** How a failure is treated. */
    public enum Failure {
        /** A dependency is away or a conflict occurred: wait and retry, never skip. */
        TRANSIENT,
        /** The record itself can never be handled: the consumer's bad-input policy, never a retry loop. */
        POISON,
        /** Neither known as transient nor as poison: retried like a transient failure, logged as an error. */
        UNEXPECTED
    }

    public static final String METRIC = "pivot_consumer_retries_total";

    private static final Logger LOG = Logger.getLogger(ConsumerRetry.class);
    static final Duration MIN_INITIAL_BACKOFF = Duration.ofMillis(10);
    static final Duration MAX_MAX_BACKOFF = Duration.ofMinutes(5);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Map<String, Instant> waitingSince = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    private volatile boolean stopping;

    @Inject
    ConsumerRetry(ConsumerRetryConfig config, MeterRegistry registry, Clock clock, Config mpConfig) {
        this(registry, clock, config.initialBackoff(), config.maxBackoff());
        ConsumerChannelSettings.incomingKafkaChannels(mpConfig.getPropertyNames()).forEach(c -> retries(c.name()));
    }

    /** For tests and callers outside CDI. */
    public ConsumerRetry(MeterRegistry registry, Clock clock, Duration initialBackoff, Duration maxBackoff) {
        List<String> problems = problems(initialBackoff, maxBackoff);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("consumer retry settings out of bounds: " + String.join("; ", problems));
        }
        this.registry = registry;
        this.clock = clock;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Every backoff setting out of bounds. */
    public static List<String> problems(Duration initialBackoff, Duration maxBackoff) {
        List<String> problems = new ArrayList<>();
        if (initialBackoff.compareTo(MIN_INITIAL_BACKOFF) < 0 || initialBackoff.compareTo(maxBackoff) > 0) {
            problems.add("pivot.consumer-retry.initial-backoff must be at least 10ms and at most max-backoff");
        }
        if (maxBackoff.compareTo(MAX_MAX_BACKOFF) > 0) {
            problems.add("pivot.consumer-retry.max-backoff must be at most 5 minutes");
        }
        return problems;
    }

    /**
     * Runs {@code work} until it returns. Throws {@link PoisonRecordException} at once for a poison failure; rethrows a
     * retried failure only when the application is shutting down.
     */
    public void untilDone(String channel, Runnable work) {
        untilDone(channel, () -> {
            work.run();
            return null;
        });
    }

    /** {@link #untilDone(String, Runnable)} for work with a result. */
    public <T> T untilDone(String channel, Supplier<T> work) {
        long failures = 0;
        while (true) {
            try {
                T result = work.get();
                if (failures > 0) {
                    Instant since = waitingSince.remove(channel);
                    LOG.infof("Channel %s handled its pending records again after %d failed attempt(s) over %d s",
                            channel, failures, since == null ? 0 : Duration.between(since, clock.instant()).toSeconds());
                }
                return result;
            } catch (RuntimeException e) {
                Failure kind = classify(e);
                if (kind == Failure.POISON) {
                    if (failures > 0) {
                        waitingSince.remove(channel);
                    }
                    throw e instanceof PoisonRecordException poison ? poison
                            : new PoisonRecordException("unusable record (" + describe(e) + ")", e);
                }
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
                    String line = "Channel %s could not handle its records (%s: %s); nothing is acknowledged, retry %d"
                            + " in %d ms";
                    if (kind == Failure.UNEXPECTED) {
                        LOG.errorf(line, channel, kind, describe(e), failures, backoff.toMillis());
                    } else {
                        LOG.warnf(line, channel, kind, describe(e), failures, backoff.toMillis());
                    }
                }
                pause(backoff);
            }
        }
    }

    /** Runs {@code work} in a new transaction per attempt, until it commits (see {@link #untilDone}). */
    public void untilCommitted(String channel, Runnable work) {
        untilDone(channel, () -> QuarkusTransaction.requiringNew().run(work));
    }

    /** {@link #untilCommitted(String, Runnable)} for work with a result. */
    public <T> T untilCommitted(String channel, Supplier<T> work) {
        return untilDone(channel, () -> QuarkusTransaction.requiringNew().call(work::get));
    }

    /** Channels currently waiting for a failure to pass, with the instant they started waiting. */
    public Map<String, Instant> waiting() {
        return Map.copyOf(waitingSince);
    }

    Duration backoff(long failures) {
        long shift = Math.min(failures - 1, 20);
        Duration next = initialBackoff.multipliedBy(1L << shift);
        return next.compareTo(maxBackoff) > 0 ? maxBackoff : next;
    }

    /**
     * Poison when the cause chain holds a deserialization failure (Jackson, Kafka's
     * {@code SerializationException}), a bean-validation failure, a
     * {@link PoisonRecordException} or a PostgreSQL data exception (SQL state class 22: the value itself cannot be
     * stored). Transient when it holds a connection/availability SQL state (08, 53, 57P0x, 55000 "not accepting
     * connections", 55P03 lock not available), a serialization or deadlock conflict (40001, 40P01), a JDBC transient
     * or recoverable exception, a lock/timeout from JPA or a Kafka error. Anything else is unexpected.
     */
    public static Failure classify(Throwable failure) {
        boolean transientSeen = false;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof PoisonRecordException || t instanceof JacksonException
                    || t instanceof ValidationException || isKafkaDeserializationFailure(t)) {
                return Failure.POISON;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.startsWith("22")) {
                    return Failure.POISON;
                }
                if (transientSqlState(state) || sql instanceof java.sql.SQLTransientException
                        || sql instanceof java.sql.SQLRecoverableException
                        || sql instanceof java.sql.SQLNonTransientConnectionException) {
                    transientSeen = true;
                }
            }
            if (isTransientType(t)) {
                transientSeen = true;
            }
        }
        return transientSeen ? Failure.TRANSIENT : Failure.UNEXPECTED;
    }

    private static boolean transientSqlState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("55000") || state.equals("55P03") || state.equals("40001") || state.equals("40P01");
    }

    private static boolean isKafkaDeserializationFailure(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getName().equals("org.apache.kafka.common.errors.SerializationException")) {
                return true;
            }
        }
        return false;
    }

    // by name: these libraries are on every service's class path, but not all on this one's compile path
    private static boolean isTransientType(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            switch (c.getName()) {
                case "jakarta.persistence.PessimisticLockException",
                        "jakarta.persistence.LockTimeoutException",
                        "jakarta.persistence.OptimisticLockException",
                        "jakarta.persistence.QueryTimeoutException",
                        "org.hibernate.exception.JDBCConnectionException",
                        "org.hibernate.exception.LockAcquisitionException",
                        "org.hibernate.PessimisticLockException",
                        "org.hibernate.StaleStateException",
                        "org.apache.kafka.common.KafkaException",
                        "java.util.concurrent.TimeoutException" -> {
                    return true;
                }
                default -> {
                    // keep looking up the hierarchy
                }
            }
        }
        return false;
    }

    /** The exception types and SQL states of the cause chain: never a message, which may quote record content. */
    public static String describe(Throwable failure) {
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
        return retries.computeIfAbsent(channel, c -> Counter.builder(METRIC)
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

    /** Ends every wait: the waiting handlers rethrow their failure and acknowledge nothing. */
    public void stop() {
        synchronized (wakeUp) {
            stopping = true;
            wakeUp.notifyAll();
        }
    }

    // early, so a waiting handler lets go before the connectors close
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        stop();
    }
}
