package io.pivotreport.report.service;

import io.pivotreport.events.AccountReference;
import io.pivotreport.platform.logging.metrics.JobHeartbeats;
import io.pivotreport.platform.logging.metrics.JobHeartbeats.Job;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Makes the {@code account_reference} bookkeeping match the reports and announces what was never announced: the
 * owners of reports saved before account references existed (backfilled by migration V2, {@code announced_at} NULL),
 * pairs a race left out, and pairs whose last report is gone without a RELEASED. Runs shortly after start-up and then
 * periodically; idempotent, since an announced pair is not announced again.
 */
@ApplicationScoped
public class AccountReferenceReconciler {

    /** The heartbeat's {@code job} tag: {@code pivot_job_last_success_timestamp_seconds{job="account-reference-reconcile"}}. */
    public static final Job JOB = Job.named("account-reference-reconcile");

    private static final Logger LOG = Logger.getLogger(AccountReferenceReconciler.class);

    @Inject
    EntityManager em;

    @Inject
    AccountReferences references;

    @Inject
    ReportMetrics metrics;

    @Inject
    Clock clock;

    @Inject
    JobHeartbeats heartbeats;

    void registerHeartbeat(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        heartbeats.register(JOB);
    }

    @Scheduled(every = "${pivot.report.account-reference-reconcile-interval:1h}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warnf("Account-reference reconciliation failed; the next run retries (%s)",
                    e.getClass().getSimpleName());
        }
    }

    /** One pass in its own transaction; after the commit, the heartbeat. Returns how many reference events it queued. */
    public int reconcile() {
        int queued = QuarkusTransaction.requiringNew().call(this::reconcileInTransaction);
        heartbeats.rowsAffected(JOB, queued);
        heartbeats.succeeded(JOB, clock.instant());
        return queued;
    }

    private int reconcileInTransaction() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        em.createNativeQuery("INSERT INTO account_reference (tenant_id, account_id) "
                        + "SELECT DISTINCT tenant_id, owner_account_id FROM saved_report "
                        + "WHERE owner_account_id IS NOT NULL ON CONFLICT DO NOTHING")
                .executeUpdate();
        int queued = 0;
        @SuppressWarnings("unchecked")
        List<Object[]> orphans = em.createNativeQuery("DELETE FROM account_reference ar WHERE NOT EXISTS ("
                        + "SELECT 1 FROM saved_report r WHERE r.tenant_id = ar.tenant_id "
                        + "AND r.owner_account_id = ar.account_id) RETURNING tenant_id, account_id")
                .getResultList();
        for (Object[] orphan : orphans) {
            if (AccountReferences.announceable((String) orphan[1])) {
                references.publish((String) orphan[0], (String) orphan[1], AccountReference.Change.RELEASED, now);
                queued++;
            }
        }
        @SuppressWarnings("unchecked")
        List<Object[]> unannounced = em.createNativeQuery("UPDATE account_reference SET announced_at = ?1 "
                        + "WHERE announced_at IS NULL RETURNING tenant_id, account_id")
                .setParameter(1, AccountReferences.utc(now))
                .getResultList();
        for (Object[] pair : unannounced) {
            if (AccountReferences.announceable((String) pair[1])) {
                references.publish((String) pair[0], (String) pair[1], AccountReference.Change.HELD, now);
                queued++;
            }
        }
        metrics.referencesReconciled(queued);
        if (queued > 0) {
            LOG.infof("Account-reference reconciliation queued %d event(s)", queued);
        }
        return queued;
    }
}
