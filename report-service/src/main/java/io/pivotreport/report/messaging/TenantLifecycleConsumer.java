package io.pivotreport.report.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.platform.data.ConsumerRetry;
import io.pivotreport.platform.data.PoisonRecordException;
import io.pivotreport.report.service.ReportMetrics;
import io.pivotreport.report.service.ReportMetrics.LifecycleOutcome;
import io.pivotreport.report.service.TenantErasure;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Consumes {@code Topics.TENANT_LIFECYCLE} (the topic is bound to {@link #CHANNEL} in application.properties). The
 * record is acknowledged when this method returns, i.e. after the erasure transaction committed, so the offset is
 * only committed for work that is stored. A database (or other transient) failure is waited out by
 * {@link ConsumerRetry} in this same instance: the record stays unacknowledged, readiness is DOWN, and the erasure is
 * applied once the database answers, because an erasure must neither be skipped nor stop the channel. An unreadable
 * record, or one the database refuses as data, is counted and skipped.
 */
@ApplicationScoped
public class TenantLifecycleConsumer {

    public static final String CHANNEL = "tenant-lifecycle";

    private static final Logger LOG = Logger.getLogger(TenantLifecycleConsumer.class);

    @Inject
    TenantErasure erasure;

    @Inject
    ReportMetrics metrics;

    @Inject
    ConsumerRetry retry;

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onLifecycleEvent(String payload) {
        TenantLifecycleEvent event = parse(payload);
        if (event == null) {
            metrics.lifecycleEvent(LifecycleOutcome.MALFORMED);
            return;
        }
        MDC.put("tenant", event.tenantId());
        try {
            metrics.lifecycleEvent(retry.untilDone(CHANNEL, () -> erasure.apply(event)));
        } catch (PoisonRecordException e) {
            metrics.lifecycleEvent(LifecycleOutcome.MALFORMED);
            LOG.warnf("Skipped tenant lifecycle event %s: %s", event.eventId(), e.getMessage());
        } finally {
            MDC.remove("tenant");
        }
    }

    /** The event, or null when the record cannot be one; retrying would not change that, so it is skipped. */
    private static TenantLifecycleEvent parse(String payload) {
        if (payload == null) {
            LOG.warn("Skipped an empty tenant lifecycle record");
            return null;
        }
        try {
            return EventJson.mapper().readValue(payload, TenantLifecycleEvent.class);
        } catch (JsonProcessingException e) {
            // The payload is not logged: it is not ours to print.
            LOG.warnf("Skipped an unreadable tenant lifecycle record (%s)", e.getClass().getSimpleName());
            return null;
        }
    }
}
