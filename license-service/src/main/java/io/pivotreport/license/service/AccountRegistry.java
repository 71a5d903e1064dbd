package io.pivotreport.license.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The registry of accounts held per tenant ({@code account_holder}: who holds them; {@code reported_account}: what is
 * reported and when next). A tenant's registry row exists exactly while at least one service holds the account there.
 */
@ApplicationScoped
public class AccountRegistry {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** References are taken for tenants that exist and are not erased (an erased tenant's data is gone). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tenantAcceptsReferences(UUID tenantId) {
        return !em.createNativeQuery("SELECT 1 FROM tenant WHERE id = ?1 AND state <> 'erased'")
                .setParameter(1, tenantId).getResultList().isEmpty();
    }

    /** {@code service} holds data of the account in the tenant; a new account is due for reporting at once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void held(UUID tenantId, String accountId, String service, Instant occurredAt) {
        OffsetDateTime at = utc(occurredAt);
        em.createNativeQuery("INSERT INTO account_holder (tenant_id, account_id, service, occurred_at) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant_id, account_id, service) "
                        + "DO UPDATE SET occurred_at = GREATEST(account_holder.occurred_at, EXCLUDED.occurred_at)")
                .setParameter(1, tenantId).setParameter(2, accountId).setParameter(3, service).setParameter(4, at)
                .executeUpdate();
        em.createNativeQuery("INSERT INTO reported_account (tenant_id, account_id, updated_at, next_report_at) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant_id, account_id) "
                        + "DO UPDATE SET updated_at = GREATEST(reported_account.updated_at, EXCLUDED.updated_at)")
                .setParameter(1, tenantId).setParameter(2, accountId).setParameter(3, at)
                .setParameter(4, utc(clock.instant()))
                .executeUpdate();
    }

    /**
     * {@code service} no longer holds the account in the tenant. A release older than the service's latest hold is
     * stale and changes nothing. The registry row goes with the last holder.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void released(UUID tenantId, String accountId, String service, Instant occurredAt) {
        em.createNativeQuery("DELETE FROM account_holder WHERE tenant_id = ?1 AND account_id = ?2 AND service = ?3 "
                        + "AND occurred_at <= ?4")
                .setParameter(1, tenantId).setParameter(2, accountId).setParameter(3, service)
                .setParameter(4, utc(occurredAt))
                .executeUpdate();
        em.createNativeQuery("DELETE FROM reported_account r WHERE r.tenant_id = ?1 AND r.account_id = ?2 AND NOT EXISTS "
                        + "(SELECT 1 FROM account_holder h WHERE h.tenant_id = r.tenant_id AND h.account_id = r.account_id)")
                .setParameter(1, tenantId).setParameter(2, accountId)
                .executeUpdate();
    }

    /** Deletes the tenant's registry (erasure after the uninstall grace); returns the accounts it held. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int eraseTenant(UUID tenantId) {
        em.createNativeQuery("DELETE FROM account_holder WHERE tenant_id = ?1").setParameter(1, tenantId)
                .executeUpdate();
        return em.createNativeQuery("DELETE FROM reported_account WHERE tenant_id = ?1").setParameter(1, tenantId)
                .executeUpdate();
    }

    /**
     * Deletes closed accounts from every tenant's registry; returns the number of accounts removed per tenant (only
     * tenants that held one).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Integer> eraseAccounts(Collection<String> accountIds) {
        Map<UUID, Integer> perTenant = new TreeMap<>();
        if (accountIds.isEmpty()) {
            return perTenant;
        }
        List<String> ids = List.copyOf(accountIds);
        em.createNativeQuery("DELETE FROM account_holder WHERE account_id IN (?1)").setParameter(1, ids)
                .executeUpdate();
        @SuppressWarnings("unchecked")
        List<UUID> tenants = em.createNativeQuery("SELECT tenant_id FROM reported_account WHERE account_id IN (?1) "
                        + "FOR UPDATE", UUID.class)
                .setParameter(1, ids).getResultList();
        em.createNativeQuery("DELETE FROM reported_account WHERE account_id IN (?1)").setParameter(1, ids)
                .executeUpdate();
        tenants.forEach(t -> perTenant.merge(t, 1, Integer::sum));
        return perTenant;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
