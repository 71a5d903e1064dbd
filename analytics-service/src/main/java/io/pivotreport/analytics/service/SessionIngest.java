package io.pivotreport.analytics.service;

import io.pivotreport.analytics.messaging.DeadLetterPublisher;
import io.pivotreport.analytics.messaging.DeadLetterPublisher.DeadLetter;
import io.pivotreport.analytics.messaging.DeadLetterReason;
import io.pivotreport.analytics.messaging.SessionEventDecoder;
import io.pivotreport.events.SessionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One polled batch: decode every record, store the good ones in one transaction, dead-letter the rest, then count.
 * Valid events of a tenant that was already erased (in flight when {@code ERASURE_DUE} was handled) are dropped and
 * counted, not dead-lettered: they are fine, only too late, and the dead-letter topic would keep them.
 *
 * <p>The database goes first because it is idempotent: if the dead-letter send fails afterwards, the redelivered batch
 * finds its events already stored. Poison records never stop the batch, so the next good record is always stored.
 */
@ApplicationScoped
public class SessionIngest {

    @Inject
    SessionEventDecoder decoder;

    @Inject
    SessionEventStore store;

    @Inject
    DeadLetterPublisher deadLetters;

    @Inject
    IngestMetrics metrics;

    /** Dead-letters one record that can never be stored (acknowledged by the broker before this returns). */
    public void deadLetter(ConsumerRecord<String, byte[]> record, DeadLetterReason reason) {
        deadLetters.publishAll(List.of(new DeadLetter(record.key(), record.value(), reason, record.partition(),
                record.offset())));
        metrics.deadLettered(reason);
    }

    public void ingest(ConsumerRecords<String, byte[]> records) {
        // keyed by event id: a batch that carries the same event twice stores it once and counts one duplicate
        Map<UUID, SessionEvent> accepted = new LinkedHashMap<>();
        int duplicatesInBatch = 0;
        List<DeadLetter> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            SessionEventDecoder.Decoded decoded = decoder.decode(record.key(), record.value());
            if (decoded.accepted()) {
                if (accepted.putIfAbsent(decoded.event().eventId(), decoded.event()) != null) {
                    duplicatesInBatch++;
                }
            } else {
                rejected.add(new DeadLetter(record.key(), record.value(), decoded.reason(), record.partition(),
                        record.offset()));
            }
        }
        SessionEventStore.Stored stored = store.store(accepted.values());
        Set<UUID> inserted = stored.inserted();
        List<SessionEvent> newlyStored = new ArrayList<>(inserted.size());
        int ofErasedTenants = 0;
        for (SessionEvent event : accepted.values()) {
            if (inserted.contains(event.eventId())) {
                newlyStored.add(event);
            } else if (stored.erasedTenants().contains(event.tenantId())) {
                ofErasedTenants++;
            }
        }
        metrics.stored(newlyStored, accepted.size() - inserted.size() - ofErasedTenants + duplicatesInBatch);
        metrics.droppedForErasedTenant(ofErasedTenants);
        deadLetters.publishAll(rejected);
        rejected.forEach(letter -> metrics.deadLettered(letter.reason()));
    }
}
