package io.pivotreport.platform.data;

import io.pivotreport.platform.security.CallerContext;
import io.pivotreport.platform.security.SupportClaims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/**
 * Writes the audit row of a support read in the caller's transaction, then ships the same fact as a log event. Writing
 * in the read's transaction means a read whose audit row cannot be written fails with it: no unrecorded access.
 *
 * <p>Needs the {@code support_access_audit} table of {@code db/platform-data-tables.sql} in the service's migrations.
 */
@ApplicationScoped
public class SupportAccessAudit {

    /** The logger support-access events go out on; Loki rules and dashboards select on it. */
    public static final String AUDIT_LOGGER = "io.pivotreport.audit.support-access";

    private static final Logger AUDIT = Logger.getLogger(AUDIT_LOGGER);

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    CallerContext caller;

    @Inject
    SupportClaims support;

    /**
     * Records that the calling support engineer read {@code recordIds} of {@code resource} (e.g.
     * {@code saved_report}) in the caller's tenant. An empty read is recorded too: looking is access.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordRead(String resource, Collection<String> recordIds) {
        String engineer = support.engineer();
        String reason = support.reason();
        String ticket = support.ticketOrNull();
        String tenant = caller.tenantId();
        List<String> ids = List.copyOf(recordIds);
        em.createNativeQuery("INSERT INTO support_access_audit (accessed_at, engineer, tenant_id, resource, record_ids, "
                        + "record_count, reason, ticket, token_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                .setParameter(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .setParameter(2, engineer)
                .setParameter(3, tenant)
                .setParameter(4, resource)
                .setParameter(5, ids.toArray(String[]::new))
                .setParameter(6, ids.size())
                .setParameter(7, reason)
                .setParameter(8, ticket)
                .setParameter(9, support.tokenId())
                .executeUpdate();
        AUDIT.infof("support access engineer=%s tenant=%s resource=%s records=%d ticket=%s", engineer, tenant,
                resource, ids.size(), ticket == null ? "-" : ticket);
    }
}
