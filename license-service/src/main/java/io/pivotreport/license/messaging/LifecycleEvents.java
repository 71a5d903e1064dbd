package io.pivotreport.license.messaging;

import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.license.model.Tenant;
import io.pivotreport.platform.data.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Puts tenant lifecycle events into the outbox, in the transaction of the state change they announce; the outbox relay
 * publishes them to {@link Topics#TENANT_LIFECYCLE} (key: tenant id) once the broker acknowledges.
 */
@ApplicationScoped
public class LifecycleEvents {

    @Inject
    OutboxWriter outbox;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(Tenant tenant, TenantLifecycleEvent.Type type, Instant eraseAfter) {
        UUID eventId = UUID.randomUUID();
        String tenantId = tenant.id.toString();
        outbox.enqueue(Topics.TENANT_LIFECYCLE, tenantId, eventId,
                new TenantLifecycleEvent(eventId, tenantId, type, clock.instant(), eraseAfter));
        return eventId;
    }
}
