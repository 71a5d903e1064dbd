package io.pivotreport.analytics.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.events.TenantErasureReceipt;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.platform.data.OutboxWriter;
import io.pivotreport.platform.data.ProcessedEvents;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Erases a tenant's session data when license-service says its uninstall grace period is over ({@code ERASURE_DUE};
 * license-service owns that clock). The deletion, the processed-event record and the receipt are one transaction: a
 * redelivered event is skipped, and the receipt leaves only through the outbox after the commit. The same transaction
 * leaves a tombstone (the tenant id only) so that session events of the tenant still in flight are dropped on arrival.
 */
@Startup // registers its meters at start, so every series is scraped from the first minute
@ApplicationScoped
public class TenantErasure {

    public static final String SERVICE = "analytics-service";
    static final String CONSUMER = "analytics-service.tenant-lifecycle";
    static final String TABLE = "session_event";
    private static final Logger LOG = Logger.getLogger(TenantErasure.class);

    @Inject
    EntityManager em;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    OutboxWriter outbox;

    @Inject
    Clock clock;

    private Counter erasedRows;

    @Inject
    void metrics(MeterRegistry registry) {
        erasedRows = Counter.builder("pivot_tenant_erasure_rows_total")
                .description("Session rows deleted by tenant erasure after uninstall grace").register(registry);
    }

    /** Handles one lifecycle event; returns the receipt when it erased, null otherwise. */
    @Transactional
    public TenantErasureReceipt handle(TenantLifecycleEvent event) {
        if (!processedEvents.firstTime(CONSUMER, event.eventId())) {
            return null;
        }
        if (event.type() != TenantLifecycleEvent.Type.ERASURE_DUE) {
            return null;
        }
        MDC.put("tenant", event.tenantId());
        try {
            return erase(event);
        } finally {
            MDC.remove("tenant");
        }
    }

    private TenantErasureReceipt erase(TenantLifecycleEvent event) {
        // waits for ingest transactions holding this tenant's shared lock, so the DELETE below sees their rows; later
        // ones wait for this commit and then find the tombstone (SessionEventStore)
        em.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(?1, hashtext(?2)) AS text)")
                .setParameter(1, SessionEventStore.TENANT_LOCK_SPACE)
                .setParameter(2, event.tenantId())
                .getSingleResult();
        em.createNativeQuery("INSERT INTO erased_tenant (tenant_id) VALUES (?1) ON CONFLICT DO NOTHING")
                .setParameter(1, event.tenantId())
                .executeUpdate();
        long deleted = em.createNativeQuery("DELETE FROM session_event WHERE tenant_id = ?1")
                .setParameter(1, event.tenantId())
                .executeUpdate();
        TenantErasureReceipt receipt = new TenantErasureReceipt(UUID.randomUUID(), event.tenantId(), SERVICE,
                Map.of(TABLE, deleted), clock.instant(), event.eventId());
        outbox.enqueue(Topics.TENANT_ERASURE_RECEIPTS, event.tenantId(), receipt.eventId(), receipt);
        erasedRows.increment(deleted);
        LOG.infof("Erased a tenant's session data after uninstall grace: %d row(s), cause event %s", deleted,
                event.eventId());
        return receipt;
    }
}
