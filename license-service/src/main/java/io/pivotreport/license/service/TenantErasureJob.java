package io.pivotreport.license.service;

import io.pivotreport.platform.logging.metrics.JobHeartbeats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.license.config.LicenseConfig;
import io.pivotreport.license.messaging.LifecycleEvents;
import io.pivotreport.license.model.HistoryKind;
import io.pivotreport.license.model.Tenant;
import io.pivotreport.license.model.TenantState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Ends the uninstall grace period: for each uninstalled tenant past {@code eraseAfter} it publishes
 * {@code ERASURE_DUE} (once: in the same transaction that moves the tenant to {@code erased}), wipes the tenant down to
 * a tombstone, drops its history except the erasure records, and records the erasure.
 */
@ApplicationScoped
public class TenantErasureJob {

    private static final Logger LOG = Logger.getLogger(TenantErasureJob.class);
    public static final String ERASED_METRIC = "pivot_license_tenants_erased_total";

    @Inject
    EntityManager em;

    @Inject
    LifecycleEvents events;

    @Inject
    AccountHistory history;

    @Inject
    LicenseConfig config;

    @Inject
    Clock clock;

    @Inject
    JobHeartbeats jobs;

    @Inject
    AccountRegistry accounts;

    private Counter erased;

    @Inject
    void metrics(MeterRegistry registry) {
        erased = Counter.builder(ERASED_METRIC).description("Tenants erased after their uninstall grace period")
                .register(registry);
    }

    @Scheduled(every = "${pivot.license.erasure.check-every}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        eraseDueTenants();
    }

    /** Erases every tenant whose grace period has passed; returns how many. */
    public int eraseDueTenants() {
        int total = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(this::eraseBatch);
            total += batch;
        } while (batch == config.erasure().batchSize());
        jobs.rowsAffected(LicenseJobs.TENANT_ERASURE, total);
        jobs.succeeded(LicenseJobs.TENANT_ERASURE, clock.instant());
        return total;
    }

    private int eraseBatch() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // SKIP LOCKED: a re-install holding the row wins, and a second replica takes other tenants
        @SuppressWarnings("unchecked")
        List<UUID> due = em.createNativeQuery("SELECT id FROM tenant WHERE state = 'uninstalled' AND erase_after <= ?1 "
                        + "ORDER BY erase_after LIMIT ?2 FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter(2, config.erasure().batchSize())
                .getResultList();
        for (UUID id : due) {
            Tenant tenant = Tenant.findById(id);
            if (tenant.state != TenantState.UNINSTALLED) {
                continue;
            }
            UUID eventId = events.publish(tenant, TenantLifecycleEvent.Type.ERASURE_DUE, null);
            Instant uninstalledAt = tenant.uninstalledAt;
            tenant.eraseToTombstone(now);
            em.flush();
            em.createQuery("DELETE FROM AccountHistoryEntry WHERE tenantId = ?1 AND kind NOT IN ?2")
                    .setParameter(1, id)
                    .setParameter(2, HistoryKind.ERASURE_RECORDS.stream().map(HistoryKind::wire).toList())
                    .executeUpdate();
            int accountReferences = accounts.eraseTenant(id);
            history.record(id, HistoryKind.ERASURE_DUE, Map.of("eventId", eventId.toString(),
                    "uninstalledAt", uninstalledAt == null ? "unknown" : uninstalledAt.toString(),
                    "graceDays", config.uninstallGrace().toDays(),
                    "accountReferencesErased", accountReferences));
            erased.increment();
            LOG.infof("Tenant %s erased after its uninstall grace period; ERASURE_DUE %s queued", id, eventId);
        }
        return due.size();
    }
}
