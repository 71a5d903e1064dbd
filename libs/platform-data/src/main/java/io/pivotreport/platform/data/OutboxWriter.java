package io.pivotreport.platform.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pivotreport.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Records an event in the caller's transaction. Writing the change and the event in one transaction is what makes
 * "the state changed" and "the others hear about it" the same fact: the relay publishes it after the commit.
 */
@ApplicationScoped
public class OutboxWriter {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String topic, String key, UUID eventId, Object event) {
        String payload;
        try {
            payload = EventJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event cannot be serialised: " + event.getClass().getSimpleName(), e);
        }
        em.createNativeQuery("INSERT INTO outbox_event (event_id, topic, message_key, payload, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, eventId)
                .setParameter(2, topic)
                .setParameter(3, key)
                .setParameter(4, payload)
                .setParameter(5, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .executeUpdate();
    }
}
