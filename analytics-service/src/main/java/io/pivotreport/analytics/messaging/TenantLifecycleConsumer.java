package io.pivotreport.analytics.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.analytics.service.TenantErasure;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.platform.data.ConsumerRetry;
import io.pivotreport.platform.data.PoisonRecordException;
import io.smallrye.common.annotation.Blocking;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Tenant lifecycle events from license-service; only {@code ERASURE_DUE} changes anything here. An unreadable event is
 * counted and skipped (never logged with content): blocking the partition would also block every later erasure. A
 * readable event whose handling fails (database away) is retried until it passes, never skipped.
 */
@Startup // registers its meters at start, so every series is scraped from the first minute
@ApplicationScoped
public class TenantLifecycleConsumer {

    private static final Logger LOG = Logger.getLogger(TenantLifecycleConsumer.class);

    @Inject
    TenantErasure erasure;

    @Inject
    ConsumerRetry retry;

    private Counter unreadable;

    @Inject
    void metrics(MeterRegistry registry) {
        unreadable = Counter.builder("pivot_tenant_lifecycle_unreadable_total")
                .description("Tenant lifecycle records skipped because they are not a valid lifecycle event")
                .register(registry);
    }

    @Incoming(Channels.TENANT_LIFECYCLE)
    @Blocking
    public void consume(String payload) {
        TenantLifecycleEvent event;
        try {
            event = payload == null ? null : EventJson.mapper().readValue(payload, TenantLifecycleEvent.class);
        } catch (Exception e) {
            event = null;
        }
        if (event == null) {
            unreadable.increment();
            LOG.warn("Skipped an unreadable tenant lifecycle record (reason: not_a_lifecycle_event)");
            return;
        }
        TenantLifecycleEvent readable = event;
        // a database outage must neither skip an erasure nor stop the channel: wait it out
        try {
            retry.untilDone(Channels.TENANT_LIFECYCLE, () -> erasure.handle(readable));
        } catch (PoisonRecordException e) {
            unreadable.increment();
            LOG.warnf("Skipped tenant lifecycle event %s: %s", readable.eventId(), e.getMessage());
        }
    }
}
