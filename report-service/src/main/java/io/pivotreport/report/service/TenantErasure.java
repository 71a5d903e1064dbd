package io.pivotreport.report.service;

import io.pivotreport.events.TenantErasureReceipt;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.platform.data.OutboxWriter;
import io.pivotreport.platform.data.ProcessedEvents;
import io.pivotreport.report.service.ReportMetrics.LifecycleOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Applies tenant lifecycle events. Only {@code ERASURE_DUE} changes anything here: license-service owns the uninstall
 * grace clock and sends it only when the grace passed without a re-install, so an uninstall on its own (or a re-install
 * within the grace) keeps every saved report.
 */
@ApplicationScoped
public class TenantErasure {

    /** This consumer's name in the processed-event ledger. */
    public static final String CONSUMER = "report-service.tenant-lifecycle";
    public static final String SERVICE = "report-service";
    public static final String TABLE = "saved_report";

    private static final Logger LOG = Logger.getLogger(TenantErasure.class);

    @Inject
    EntityManager em;

    @Inject
    TenantLock tenantLock;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    OutboxWriter outbox;

    @Inject
    Event<ReportMetrics.TenantErased> erased;

    @Inject
    Clock clock;

    /**
     * Handles one event in one transaction: the ledger entry, the deletion and the receipt commit together or not at
     * all, so a crash before the commit redelivers the event and repeats the whole erasure.
     */
    @Transactional
    public LifecycleOutcome apply(TenantLifecycleEvent event) {
        if (event.type() != TenantLifecycleEvent.Type.ERASURE_DUE) {
            return LifecycleOutcome.IGNORED;
        }
        if (!processedEvents.firstTime(CONSUMER, event.eventId())) {
            return LifecycleOutcome.DUPLICATE;
        }
        String tenant = event.tenantId();
        tenantLock.lock(tenant);
        long deleted = em.createNativeQuery("DELETE FROM saved_report WHERE tenant_id = ?1")
                .setParameter(1, tenant)
                .executeUpdate();
        // The tenant's owners go with it: license-service erases its own registry of the tenant, so no RELEASED is sent,
        // and queued or sent reference events would only keep accountIds of an erased tenant around.
        em.createNativeQuery("DELETE FROM account_reference WHERE tenant_id = ?1")
                .setParameter(1, tenant)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM outbox_event WHERE topic = ?1 AND message_key = ?2")
                .setParameter(1, Topics.ACCOUNT_REFERENCES)
                .setParameter(2, tenant)
                .executeUpdate();
        TenantErasureReceipt receipt = new TenantErasureReceipt(receiptId(event.eventId()), tenant, SERVICE,
                Map.of(TABLE, deleted), clock.instant(), event.eventId());
        outbox.enqueue(Topics.TENANT_ERASURE_RECEIPTS, tenant, receipt.eventId(), receipt);
        erased.fire(new ReportMetrics.TenantErased(deleted));
        LOG.infof("Erased %d saved report(s) of tenant %s (erasure due)", deleted, tenant);
        return LifecycleOutcome.ERASED;
    }

    /** Derived from the cause, so a replayed erasure yields the same receipt id and license-service skips it. */
    static UUID receiptId(UUID causeEventId) {
        return UUID.nameUUIDFromBytes((SERVICE + ":erasure:" + causeEventId).getBytes(StandardCharsets.UTF_8));
    }
}
