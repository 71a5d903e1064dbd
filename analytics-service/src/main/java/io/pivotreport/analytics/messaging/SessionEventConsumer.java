package io.pivotreport.analytics.messaging;

import io.pivotreport.analytics.service.SessionIngest;
import io.pivotreport.platform.data.ConsumerRetry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.pivotreport.platform.data.PoisonRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Map;

/**
 * Consumes session events in batches (one poll = one database transaction). The batch is acknowledged only when this
 * method returns, i.e. after the rows are committed and the dead letters acknowledged, so the committed offsets never
 * run ahead of the database. A failure (database or broker away) is retried by {@link ConsumerRetry} until it passes:
 * the batch stays unacknowledged meanwhile and the channel never stops; the idempotent store makes a retry that
 * follows a partial success harmless. Undecodable records are dead-lettered by the decoder before any store; a batch
 * the database refuses as data (poison) is stored record by record and the refused record dead-lettered.
 */
@ApplicationScoped
public class SessionEventConsumer {

    private static final Logger LOG = Logger.getLogger(SessionEventConsumer.class);

    @Inject
    SessionIngest ingest;

    @Inject
    ConsumerRetry retry;

    @Incoming(Channels.SESSION_EVENTS)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        try {
            retry.untilDone(Channels.SESSION_EVENTS, () -> ingest.ingest(records));
        } catch (PoisonRecordException batchRefused) {
            // Every record decoded, yet the batch is poison (the database refused a value as data): find the record
            // one at a time, dead-letter it, store the rest; never a retry loop on it, never a stopped channel.
            LOG.errorf("A session-event batch of %d record(s) was refused as data; storing it record by record",
                    records.count());
            for (ConsumerRecord<String, byte[]> record : records) {
                ConsumerRecords<String, byte[]> one = new ConsumerRecords<>(
                        Map.of(new TopicPartition(record.topic(), record.partition()), List.of(record)), Map.of());
                try {
                    retry.untilDone(Channels.SESSION_EVENTS, () -> ingest.ingest(one));
                } catch (PoisonRecordException refused) {
                    retry.untilDone(Channels.SESSION_EVENTS,
                            () -> ingest.deadLetter(record, DeadLetterReason.REFUSED_BY_DATABASE));
                }
            }
        }
    }
}
