package io.pivotreport.report.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * A PostgreSQL advisory lock per tenant, held until the transaction ends. Report creation (count, then insert) and
 * tenant erasure take it, so two creations cannot both pass the quota check and no report slips in during an erasure.
 * Two tenants whose keys share a 64-bit hash would merely wait for each other.
 */
@ApplicationScoped
public class TenantLock {

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String tenant) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) AS tenant_lock")
                .setParameter(1, "saved_report:" + tenant)
                .getSingleResult();
    }
}
