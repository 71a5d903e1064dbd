package io.pivotreport.report.service;

import io.pivotreport.events.AccountIds;
import io.pivotreport.events.AccountReference;
import io.pivotreport.events.Topics;
import io.pivotreport.platform.data.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Tells license-service (which reports to Atlassian's Personal Data Reporting API) which report owners this service
 * holds, through the outbox in the caller's transaction. The {@code account_reference} table remembers what was
 * announced, so a busy owner yields at most one {@code HELD} per tenant and {@link #ANNOUNCE_EVERY}.
 */
@ApplicationScoped
public class AccountReferences {

    /** HELD is repeated at most this often per (tenant, owner): enough for Atlassian's {@code updatedAt}. */
    public static final Duration ANNOUNCE_EVERY = Duration.ofDays(1);

    private static final Logger LOG = Logger.getLogger(AccountReferences.class);

    @Inject
    EntityManager em;

    @Inject
    OutboxWriter outbox;

    /**
     * The owner stored or changed a report: HELD if the pair is new, was never announced or was last announced more than
     * {@link #ANNOUNCE_EVERY} ago. The upsert decides under the row lock, so concurrent writers announce once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void held(String tenant, String account, Instant now) {
        if (!announceable(account)) {
            return;
        }
        boolean due = !em.createNativeQuery("INSERT INTO account_reference AS ar (tenant_id, account_id, announced_at) "
                        + "VALUES (?1, ?2, ?3) ON CONFLICT (tenant_id, account_id) DO UPDATE "
                        + "SET announced_at = EXCLUDED.announced_at "
                        + "WHERE ar.announced_at IS NULL OR ar.announced_at <= ?4 RETURNING 1")
                .setParameter(1, tenant)
                .setParameter(2, account)
                .setParameter(3, utc(now))
                .setParameter(4, utc(now.minus(ANNOUNCE_EVERY)))
                .getResultList().isEmpty();
        if (due) {
            publish(tenant, account, AccountReference.Change.HELD, now);
        }
    }

    /**
     * A report of the owner was deleted: if it was the owner's last one in the tenant, forget the pair and publish
     * RELEASED. The caller holds the tenant lock, so no creation of the same owner interleaves.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void maybeReleased(String tenant, String account, Instant now) {
        long left = ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM saved_report WHERE tenant_id = ?1 AND owner_account_id = ?2")
                .setParameter(1, tenant)
                .setParameter(2, account)
                .getSingleResult()).longValue();
        if (left > 0) {
            return;
        }
        int forgotten = em.createNativeQuery("DELETE FROM account_reference WHERE tenant_id = ?1 AND account_id = ?2")
                .setParameter(1, tenant)
                .setParameter(2, account)
                .executeUpdate();
        if (forgotten > 0 && announceable(account)) {
            publish(tenant, account, AccountReference.Change.RELEASED, now);
        }
    }

    void publish(String tenant, String account, AccountReference.Change change, Instant now) {
        AccountReference reference = new AccountReference(UUID.randomUUID(), tenant, account, TenantErasure.SERVICE,
                change, now);
        outbox.enqueue(Topics.ACCOUNT_REFERENCES, tenant, reference.eventId(), reference);
    }

    /** Only Atlassian-shaped accountIds can be reported; anything else is skipped (and never logged: it is an id). */
    static boolean announceable(String account) {
        if (AccountIds.isValid(account)) {
            return true;
        }
        LOG.warn("Not announcing an owner whose id is not an Atlassian accountId");
        return false;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
