package io.pivotreport.platform.data;

import com.fasterxml.jackson.core.JsonParseException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pivotreport.platform.data.ConsumerRetry.Failure;
import jakarta.persistence.PessimisticLockException;
import jakarta.validation.ValidationException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsumerRetryTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerRetry retry = new ConsumerRetry(registry, Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMillis(10), Duration.ofMillis(20));

    @Test
    void aTransientFailureIsRetriedUntilTheWorkSucceedsAndEveryFailedAttemptIsCounted() {
        AtomicInteger attempts = new AtomicInteger();
        List<Map<String, Instant>> waitingDuringRetries = new ArrayList<>();
        String result = retry.untilDone("tenant-lifecycle", () -> {
            if (attempts.incrementAndGet() <= 3) {
                if (attempts.get() > 1) {
                    waitingDuringRetries.add(retry.waiting());
                }
                throw new IllegalStateException("database away", connectionRefused());
            }
            return "stored";
        });

        assertEquals("stored", result);
        assertEquals(4, attempts.get());
        assertEquals(3.0, retries("tenant-lifecycle"));
        assertEquals(List.of(Map.of("tenant-lifecycle", NOW), Map.of("tenant-lifecycle", NOW)), waitingDuringRetries);
        assertTrue(retry.waiting().isEmpty(), "a channel that succeeded is no longer waiting");
    }

    @Test
    void aPoisonRecordIsThrownAtOnceWithoutWaitingOrCounting() {
        AtomicInteger attempts = new AtomicInteger();
        JsonParseException unreadable = new JsonParseException(null, "Unexpected character");

        PoisonRecordException thrown = assertThrows(PoisonRecordException.class,
                () -> retry.untilDone("account-closures", () -> {
                    attempts.incrementAndGet();
                    throw new IllegalArgumentException(unreadable);
                }));

        assertEquals(1, attempts.get());
        assertSame(unreadable, thrown.getCause().getCause());
        assertFalse(thrown.getMessage().contains("Unexpected character"), "the message never quotes the failure text");
        assertEquals(0.0, retries("account-closures"));
        assertTrue(retry.waiting().isEmpty());
    }

    @Test
    void aPoisonRecordExceptionOfTheHandlerIsRethrownAsItIs() {
        PoisonRecordException own = new PoisonRecordException("service name is not a plain identifier");
        assertSame(own, assertThrows(PoisonRecordException.class,
                () -> retry.untilDone("receipts", (Runnable) () -> {
                    throw own;
                })));
    }

    @Test
    void stoppingEndsTheWaitAndRethrowsTheFailureSoNothingIsAcknowledged() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("database away", connectionRefused());

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> retry.untilDone("session-events", (Runnable) () -> {
                    if (attempts.incrementAndGet() == 3) {
                        retry.stop();
                    }
                    throw failure;
                }));

        assertSame(failure, thrown);
        assertEquals(3, attempts.get());
        assertTrue(retry.waiting().isEmpty());
    }

    @Test
    void theBackoffDoublesUpToItsCeiling() {
        ConsumerRetry slow = new ConsumerRetry(registry, Clock.systemUTC(), Duration.ofMillis(500),
                Duration.ofSeconds(15));
        assertEquals(Duration.ofMillis(500), slow.backoff(1));
        assertEquals(Duration.ofSeconds(1), slow.backoff(2));
        assertEquals(Duration.ofSeconds(8), slow.backoff(5));
        assertEquals(Duration.ofSeconds(15), slow.backoff(6));
        assertEquals(Duration.ofSeconds(15), slow.backoff(1_000));
    }

    @Test
    void backoffsOutOfBoundsAreRefused() {
        assertEquals(1, ConsumerRetry.problems(Duration.ofSeconds(20), Duration.ofSeconds(15)).size());
        assertEquals(1, ConsumerRetry.problems(Duration.ZERO, Duration.ofSeconds(15)).size());
        assertEquals(1, ConsumerRetry.problems(Duration.ofSeconds(1), Duration.ofMinutes(6)).size());
        assertEquals(List.of(), ConsumerRetry.problems(Duration.ofMillis(500), Duration.ofSeconds(15)));
        assertThrows(IllegalStateException.class,
                () -> new ConsumerRetry(registry, Clock.systemUTC(), Duration.ZERO, Duration.ofSeconds(1)));
    }

    @Test
    void databaseBrokerAndConflictFailuresAreTransient() {
        assertEquals(Failure.TRANSIENT, ConsumerRetry.classify(new RuntimeException(connectionRefused())));
        assertEquals(Failure.TRANSIENT, ConsumerRetry.classify(new RuntimeException(
                new SQLException("database is not currently accepting connections", "55000"))));
        assertEquals(Failure.TRANSIENT, ConsumerRetry.classify(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01"))));
        assertEquals(Failure.TRANSIENT, ConsumerRetry.classify(new SQLException("could not serialize", "40001")));
        assertEquals(Failure.TRANSIENT, ConsumerRetry.classify(new SQLException("deadlock detected", "40P01")));
        assertEquals(Failure.TRANSIENT, ConsumerRetry.classify(new SQLException("lock not available", "55P03")));
        assertEquals(Failure.TRANSIENT, ConsumerRetry.classify(new PessimisticLockException("locked")));
        assertEquals(Failure.TRANSIENT, ConsumerRetry.classify(new DisconnectException("broker away")));
    }

    @Test
    void deserializationAndValidationFailuresArePoison() {
        assertEquals(Failure.POISON, ConsumerRetry.classify(new JsonParseException(null, "bad")));
        assertEquals(Failure.POISON, ConsumerRetry.classify(new ValidationException("tenantId: must be a UUID")));
        assertEquals(Failure.POISON, ConsumerRetry.classify(new RecordDeserializationException(
                RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
                new org.apache.kafka.common.TopicPartition("t", 0), 1L, 0L, null, null, null, null, "bad", null)));
        assertEquals(Failure.POISON, ConsumerRetry.classify(new RuntimeException(
                new SQLException("invalid input syntax for type uuid", "22P02"))));
        assertEquals(Failure.POISON, ConsumerRetry.classify(new PoisonRecordException("not ours")));
    }

    @Test
    void anythingElseIsUnexpectedAndStillRetried() {
        assertEquals(Failure.UNEXPECTED, ConsumerRetry.classify(new IllegalStateException("bug")));
        assertEquals(Failure.UNEXPECTED, ConsumerRetry.classify(new SQLException("duplicate key", "23505")));
        AtomicInteger attempts = new AtomicInteger();
        retry.untilDone("x", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("bug that a redeploy fixes");
            }
        });
        assertEquals(2, attempts.get());
        assertEquals(1.0, retries("x"));
    }

    @Test
    void describeNamesTypesAndSqlStatesButNeverMessages() {
        String described = ConsumerRetry.describe(new IllegalStateException("tenant acme-secret",
                new SQLException("user alice@example.com", "08006")));
        assertEquals("IllegalStateException <- SQLException[SQL state 08006]", described);
    }

    private static SQLException connectionRefused() {
        return new SQLException("Connection refused", "08001");
    }

    private double retries(String channel) {
        var counter = registry.find(ConsumerRetry.METRIC).tag("channel", channel).counter();
        return counter == null ? 0.0 : counter.count();
    }
}
