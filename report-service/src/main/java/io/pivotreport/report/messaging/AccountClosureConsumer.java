package io.pivotreport.report.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pivotreport.events.AccountClosure;
import io.pivotreport.events.EventJson;
import io.pivotreport.platform.data.ConsumerRetry;
import io.pivotreport.platform.data.PoisonRecordException;
import io.pivotreport.report.service.AccountErasure;
import io.pivotreport.report.service.ReportMetrics;
import io.pivotreport.report.service.ReportMetrics.ClosureOutcome;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code Topics.ACCOUNT_CLOSURES} (bound to {@link #CHANNEL} in application.properties). Like the lifecycle
 * consumer: the record is acknowledged after the erasure transaction committed; an unreadable record (or one the
 * database refuses as data) is counted and skipped; a database outage is waited out by {@link ConsumerRetry} without
 * acknowledging, so the closure is applied once the database is back, neither lost nor stopping the channel.
 */
@ApplicationScoped
public class AccountClosureConsumer {

    public static final String CHANNEL = "account-closures";

    private static final Logger LOG = Logger.getLogger(AccountClosureConsumer.class);

    @Inject
    AccountErasure erasure;

    @Inject
    ReportMetrics metrics;

    @Inject
    ConsumerRetry retry;

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onAccountClosure(String payload) {
        AccountClosure closure = parse(payload);
        if (closure == null) {
            metrics.closureEvent(ClosureOutcome.MALFORMED);
            return;
        }
        try {
            metrics.closureEvent(retry.untilDone(CHANNEL, () -> erasure.apply(closure)));
        } catch (PoisonRecordException e) {
            metrics.closureEvent(ClosureOutcome.MALFORMED);
            LOG.warnf("Skipped account-closure event %s: %s", closure.eventId(), e.getMessage());
        }
    }

    private static AccountClosure parse(String payload) {
        if (payload == null) {
            LOG.warn("Skipped an empty account-closure record");
            return null;
        }
        try {
            return EventJson.mapper().readValue(payload, AccountClosure.class);
        } catch (JsonProcessingException e) {
            // Neither the payload nor the message: both may carry the accountId.
            LOG.warnf("Skipped an unreadable account-closure record (%s)", e.getClass().getSimpleName());
            return null;
        }
    }
}
