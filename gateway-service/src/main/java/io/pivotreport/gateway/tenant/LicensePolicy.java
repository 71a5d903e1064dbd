package io.pivotreport.gateway.tenant;

import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.internal.LicenseServiceClient;
import io.pivotreport.gateway.internal.UpstreamResponse;
import io.pivotreport.gateway.internal.PrivateService;
import io.pivotreport.gateway.internal.UpstreamProblems;
import io.pivotreport.platform.problem.Problem;
import io.pivotreport.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Paid features need an active licence: the last licence check recorded for the tenant (the {@code lic} parameter of
 * the latest page load, kept by license-service) must say {@code active}. Otherwise the answer is 402 Payment Required
 * ({@code license-required}). The status is cached per tenant for a short time; a page load updates it at once.
 */
@ApplicationScoped
public class LicensePolicy {

    public static final String ACTIVE = "active";

    private final LicenseServiceClient licenseService;
    private final boolean enforce;
    private final int retryAfterSeconds;
    private final BoundedTtlCache<String> statusByTenant;

    public LicensePolicy(LicenseServiceClient licenseService, GatewayConfig config, Clock clock) {
        this.licenseService = licenseService;
        this.enforce = config.license().enforce();
        this.retryAfterSeconds = config.services().retryAfterSeconds();
        Duration ttl = config.license().cacheTtl();
        this.statusByTenant = new BoundedTtlCache<>(config.tenantCache().maxEntries(), ttl, ttl, clock);
    }

    public boolean enforced() {
        return enforce;
    }

    /** Completes when the tenant may use paid features; fails with 402 (or 503 when the status cannot be read). */
    public Uni<Void> requireActive(String tenantId, String accountId) {
        if (!enforce) {
            return Uni.createFrom().voidItem();
        }
        Optional<String> cached = statusByTenant.get(tenantId);
        Uni<Optional<String>> status = cached != null ? Uni.createFrom().item(cached)
                : licenseService.license(tenantId, accountId).map(response -> remember(tenantId, response));
        return status.map(current -> {
            if (current.filter(ACTIVE::equals).isEmpty()) {
                throw new ProblemException(Problem.of(402, "license-required", "Licence required",
                        "This feature needs an active licence for the app"));
            }
            return null;
        });
    }

    /** A page load reported {@code lic}: the freshest status there is. */
    public void recordPageLoad(String tenantId, String lic) {
        statusByTenant.put(tenantId, lic);
    }

    /** Keeps what {@code GET /internal/license} said (also used when proxying {@code GET /api/license}). */
    public Optional<String> remember(String tenantId, UpstreamResponse response) {
        if (!response.isSuccess()) {
            throw UpstreamProblems.of(PrivateService.LICENSE, response, retryAfterSeconds);
        }
        LicenseServiceClient.LicenseView view = LicenseServiceClient.readLicense(response);
        Optional<String> status = Optional.ofNullable(view.license()).map(LicenseServiceClient.LicenseStatus::status);
        status.ifPresentOrElse(s -> statusByTenant.put(tenantId, s), () -> statusByTenant.putAbsent(tenantId));
        return status;
    }
}
