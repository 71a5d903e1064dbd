package io.pivotreport.analytics.messaging;

import io.pivotreport.analytics.service.SessionIngest;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes session events in batches (one poll = one database transaction). The batch is acknowledged only when this
 * method returns, i.e. after the rows are committed and the dead letters acknowledged, so the committed offsets never
 * run ahead of the database. A failure (database or broker away) is retried by {@link ConsumerRetry} until it passes:
 * the batch stays unacknowledged meanwhile and the channel never stops; the idempotent store makes a retry that
 * follows a partial success harmless.
 */
@ApplicationScoped
public class SessionEventConsumer {

    @Inject
    SessionIngest ingest;

    @Inject
    ConsumerRetry retry;

    @Incoming(Channels.SESSION_EVENTS)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        retry.untilDone(Channels.SESSION_EVENTS, () -> ingest.ingest(records));
    }
}
