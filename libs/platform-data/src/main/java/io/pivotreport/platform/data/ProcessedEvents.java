package io.pivotreport.platform.data;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The ledger that makes a consumer idempotent: call {@link #firstTime} in the same transaction as the handling; a
 * redelivered event finds its id already recorded and is skipped, and if the handling rolls back so does the record.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** Longer than any redelivery window we expect (a broker outage, a consumer rebalance, a replay from the outbox). */
    static final Duration KEEP = Duration.ofDays(30);

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** Records the event for this consumer; false if it was already processed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String consumer, UUID eventId) {
        int inserted = em.createNativeQuery("INSERT INTO processed_event (consumer, event_id, processed_at) "
                        + "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .setParameter(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .executeUpdate();
        return inserted == 1;
    }

    @Scheduled(every = "6h", delayed = "5m")
    @Transactional
    void forgetOldEvents() {
        em.createNativeQuery("DELETE FROM processed_event WHERE processed_at < ?1")
                .setParameter(1, OffsetDateTime.ofInstant(clock.instant().minus(KEEP), ZoneOffset.UTC))
                .executeUpdate();
    }
}
