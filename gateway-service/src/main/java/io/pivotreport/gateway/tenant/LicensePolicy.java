package io.pivotreport.gateway.tenant;

import io.pivotreport.auth.TokenClass;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.security.GatewayCaller;
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
 * Paid features need an active licence: for Connect, the last licence check recorded for the tenant (the {@code lic}
 * parameter of the latest page load, kept by license-service) must say {@code active}; for Forge, the invocation
 * token's {@code app.license.isActive} must be true. Otherwise the answer is 402 Payment Required
 * ({@code license-required}). The Connect status is cached per tenant for a short time; a page load updates it.
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

    /**
     * Completes when the caller's tenant may use paid features; fails with 402 (or 503 when the status cannot be
     * read). Forge invocations carry their licence in the verified token ({@code app.license.isActive}); Connect
     * callers have the last licence check recorded for their tenant.
     */
    public Uni<Void> requireActive(GatewayCaller caller) {
        if (!enforce) {
            return Uni.createFrom().voidItem();
        }
        if (caller.tokenClass() == TokenClass.FORGE_INVOCATION) {
            return Boolean.TRUE.equals(caller.forgeLicense()) ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(licenseRequired());
        }
        String tenantId = caller.tenantId();
        String accountId = caller.accountId();
        Optional<String> cached = statusByTenant.get(tenantId);
        Uni<Optional<String>> status = cached != null ? Uni.createFrom().item(cached)
                : licenseService.license(tenantId, accountId).map(response -> remember(tenantId, response));
        return status.map(current -> {
            if (current.filter(ACTIVE::equals).isEmpty()) {
                throw licenseRequired();
            }
            return null;
        });
    }

    private static ProblemException licenseRequired() {
        return new ProblemException(Problem.of(402, "license-required", "Licence required",
                "This feature needs an active licence for the app"));
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
