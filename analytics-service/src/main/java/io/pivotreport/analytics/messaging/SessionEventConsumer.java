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
 * run ahead of the database. A failure nacks the batch; nothing is committed and it is redelivered.
 */
@ApplicationScoped
public class SessionEventConsumer {

    @Inject
    SessionIngest ingest;

    @Incoming(Channels.SESSION_EVENTS)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        ingest.ingest(records);
    }
}
