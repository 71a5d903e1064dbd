package io.pivotreport.license.service;

import io.pivotreport.license.model.AccountHistoryEntry;
import io.pivotreport.license.model.Tenant;
import io.pivotreport.platform.data.SupportAccessAudit;
import io.pivotreport.platform.problem.ProblemException;
import io.pivotreport.platform.security.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The audited support view of the caller's tenant (the token's {@code tenant}, never the request's). Every read,
 * including one that finds nothing, writes its {@code support_access_audit} row in the read's transaction: looking is
 * access.
 */
@ApplicationScoped
public class SupportService {

    /** Newest history entries shown; the history is at most 30 days old anyway. */
    static final int HISTORY_LIMIT = 500;

    public record HistoryView(String kind, Instant occurredAt, String detail) {
    }

    /** Everything support may see of a tenant: identity, state, licence, times, history. Never the shared secret. */
    public record TenantView(UUID tenantId, String platform, String state, String clientKey, String baseUrl,
                             String forgeInstallationId, String cloudId, String licenseStatus, Instant licenseCheckedAt,
                             Instant installedAt, Instant uninstalledAt, Instant eraseAfter, Instant erasedAt,
                             long accountsHeld, List<HistoryView> history) {
    }

    @Inject
    CallerContext caller;

    @Inject
    SupportAccessAudit audit;

    @Inject
    jakarta.persistence.EntityManager em;

    /** The 404 of an unknown tenant keeps its audit row: the transaction commits on a problem answer. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TenantView tenant() {
        String tenantClaim = caller.tenantId();
        audit.recordRead("tenant", List.of(tenantClaim));
        UUID id;
        try {
            id = UUID.fromString(tenantClaim);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Tenant");
        }
        Tenant tenant = Tenant.findById(id);
        if (tenant == null) {
            throw ProblemException.notFound("Tenant");
        }
        List<HistoryView> history = AccountHistoryEntry.<AccountHistoryEntry>find(
                        "tenantId = ?1 ORDER BY occurredAt DESC, id DESC", id)
                .page(0, HISTORY_LIMIT).list().stream()
                .map(e -> new HistoryView(e.kind, e.occurredAt, e.detail)).toList();
        long accountsHeld = ((Number) em.createNativeQuery(
                "SELECT count(*) FROM reported_account WHERE tenant_id = ?1").setParameter(1, id).getSingleResult())
                .longValue();
        return new TenantView(tenant.id, tenant.platform.wire(), tenant.state.wire(), tenant.clientKey,
                tenant.baseUrl, tenant.forgeInstallationId, tenant.cloudId,
                tenant.licenseStatus == null ? "unknown" : tenant.licenseStatus, tenant.licenseCheckedAt,
                tenant.installedAt, tenant.uninstalledAt, tenant.eraseAfter, tenant.erasedAt, accountsHeld, history);
    }
}
