package io.pivotreport.report.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pivotreport.events.AccountClosure;
import io.pivotreport.events.EventJson;
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
 * consumer: the record is acknowledged after the erasure transaction committed; an unreadable record is counted and
 * skipped; a processing failure (database) fails the channel so the closure is redelivered instead of lost.
 */
@ApplicationScoped
public class AccountClosureConsumer {

    public static final String CHANNEL = "account-closures";

    private static final Logger LOG = Logger.getLogger(AccountClosureConsumer.class);

    @Inject
    AccountErasure erasure;

    @Inject
    ReportMetrics metrics;

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onAccountClosure(String payload) {
        AccountClosure closure = parse(payload);
        if (closure == null) {
            metrics.closureEvent(ClosureOutcome.MALFORMED);
            return;
        }
        metrics.closureEvent(erasure.apply(closure));
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
