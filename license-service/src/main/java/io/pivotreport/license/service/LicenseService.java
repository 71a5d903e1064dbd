package io.pivotreport.license.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.license.config.LicenseConfig;
import io.pivotreport.license.model.HistoryKind;
import io.pivotreport.license.model.Tenant;
import io.pivotreport.license.model.TenantState;
import io.pivotreport.platform.problem.ProblemException;
import io.pivotreport.platform.security.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Licence checks (what Atlassian said about the tenant's licence) and the licence state the app asks for. */
@ApplicationScoped
public class LicenseService {

    static final String CHECKS_METRIC = "pivot_license_checks_total";

    /** @param status the last {@code lic} value seen, or {@code unknown} */
    public record LicenseView(UUID tenantId, TenantState state, String status, Instant checkedAt) {
    }

    @Inject
    CallerContext caller;

    @Inject
    AccountHistory history;

    @Inject
    LicenseConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    /** Records a check for the caller's tenant; the history gets it when the status changed or the last is old. */
    @Transactional
    public void recordCheck(String status, String source) {
        Tenant tenant = callerTenant(true);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        boolean changed = !Objects.equals(tenant.licenseStatus, status);
        boolean due = tenant.licenseRecordedAt == null
                || !tenant.licenseRecordedAt.plus(config.history().licenseCheckInterval()).isAfter(now);
        tenant.licenseStatus = status;
        tenant.licenseSource = source;
        tenant.licenseCheckedAt = now;
        tenant.updatedAt = now;
        if (changed || due) {
            tenant.licenseRecordedAt = now;
            history.record(tenant.id, HistoryKind.LICENSE_CHECK,
                    Map.of("status", status, "source", source, "changed", changed));
        }
        registry.counter(CHECKS_METRIC, "source", source).increment();
    }

    @Transactional
    public LicenseView current() {
        Tenant tenant = callerTenant(false);
        return new LicenseView(tenant.id, tenant.state,
                tenant.licenseStatus == null ? "unknown" : tenant.licenseStatus, tenant.licenseCheckedAt);
    }

    /** The tenant named by the internal token; never one named in the request. */
    private Tenant callerTenant(boolean lock) {
        UUID id;
        try {
            id = UUID.fromString(caller.tenantId());
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Tenant");
        }
        Tenant tenant = lock ? Tenant.findById(id, LockModeType.PESSIMISTIC_WRITE) : Tenant.findById(id);
        if (tenant == null || tenant.state == TenantState.ERASED) {
            throw ProblemException.notFound("Tenant");
        }
        return tenant;
    }
}
