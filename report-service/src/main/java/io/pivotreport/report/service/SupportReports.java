package io.pivotreport.report.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pivotreport.platform.data.SupportAccessAudit;
import io.pivotreport.platform.security.CallerContext;
import io.pivotreport.platform.security.InternalTokenDenials;
import io.pivotreport.platform.security.SupportClaims;
import io.pivotreport.report.model.ReportConfiguration;
import io.pivotreport.report.model.ReportSource;
import io.pivotreport.report.model.SavedReport;
import io.pivotreport.report.model.Visibility;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Read-only access of a support engineer to one tenant's reports (policy P8). The tenant is the internal token's (the
 * gateway sets it from the support route), never the request's. Every read writes its audit row in the read's own
 * transaction, so a read whose audit cannot be stored fails with it. Owners appear as present or not: an accountId is
 * personal data a support case does not need.
 */
@ApplicationScoped
public class SupportReports {

    /** The resource name in {@code support_access_audit}. */
    public static final String RESOURCE = "saved_report";

    @Inject
    CallerContext caller;

    @Inject
    SupportClaims support;

    @Inject
    SupportAccessAudit audit;

    @Inject
    InternalTokenDenials denials;

    @Inject
    ObjectMapper mapper;

    /** A page of all the tenant's reports (every owner, private and shared); the ids returned are audited. */
    @Transactional
    public SupportPage list(int page, int size) {
        requireStatedPurpose();
        String tenant = caller.tenantId();
        PanacheQuery<SavedReport> query = SavedReport.find("tenantId", Sort.descending("updatedAt", "id"), tenant);
        List<SupportReport> items = query.page(Page.of(page, size)).list().stream()
                .map(report -> view(report, false))
                .toList();
        audit.recordRead(RESOURCE, items.stream().map(item -> item.id().toString()).toList());
        return new SupportPage(items, page, size, query.count());
    }

    /**
     * One report of the tenant with its configuration, or empty; the id asked for is audited either way (a probe for
     * another tenant's id is access too). Empty rather than an exception so the audit row commits.
     */
    @Transactional
    public Optional<SupportReport> get(UUID id) {
        requireStatedPurpose();
        String tenant = caller.tenantId();
        SavedReport report = SavedReport.find("id = ?1 and tenantId = ?2", id, tenant).firstResult();
        audit.recordRead(RESOURCE, List.of(id.toString()));
        if (report == null && SavedReport.count("id = ?1 and tenantId <> ?2", id, tenant) > 0) {
            denials.record(InternalTokenDenials.Reason.CROSS_TENANT);
        }
        return Optional.ofNullable(report).map(r -> view(r, true));
    }

    /** Refuses (403, nothing read, nothing recorded) a support token without an engineer or a stated reason. */
    private void requireStatedPurpose() {
        support.engineer();
        support.reason();
    }

    private SupportReport view(SavedReport report, boolean withConfiguration) {
        return new SupportReport(report.id, report.name, ReportSource.fromStored(report.sourceType, report.sourceRef),
                report.visibility, !report.isOwnerless(), report.ownerErasedAt, report.createdAt, report.updatedAt,
                report.version, report.configuration.getBytes(StandardCharsets.UTF_8).length,
                withConfiguration ? readConfiguration(report) : null);
    }

    private ReportConfiguration readConfiguration(SavedReport report) {
        try {
            return mapper.readValue(report.configuration, ReportConfiguration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored configuration cannot be read", e);
        }
    }

    /**
     * A report as support sees it.
     *
     * @param ownerPresent       false once the owner's account was closed (then {@code ownerErasedAt} is set)
     * @param configurationBytes size of the stored configuration JSON in bytes
     * @param configuration      only in the single-report read
     */
    public record SupportReport(UUID id, String name, ReportSource source, Visibility visibility, boolean ownerPresent,
                                Instant ownerErasedAt, Instant createdAt, Instant updatedAt, long version,
                                int configurationBytes, ReportConfiguration configuration) {
    }

    public record SupportPage(List<SupportReport> items, int page, int size, long totalItems) {

        public int totalPages() {
            return (int) ((totalItems + size - 1) / size);
        }
    }
}
