package io.pivotreport.license.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.license.model.Tenant;
import io.pivotreport.license.model.TenantState;
import io.pivotreport.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.UUID;

/** The gateway's look-ups: a Connect tenant with its shared secret (for token verification), a Forge tenant. */
@ApplicationScoped
public class TenantLookupService {

    private static final Logger LOG = Logger.getLogger(TenantLookupService.class);
    static final String SECRET_LOOKUPS_METRIC = "pivot_license_secret_lookups_total";

    /** What the gateway needs to verify a Connect token; the only place a plaintext secret leaves this service. */
    public record ConnectVerification(UUID tenantId, String clientKey, String sharedSecret, String baseUrl,
                                      TenantState state) {
        @Override
        public String toString() {
            return "ConnectVerification[tenantId=" + tenantId + ", state=" + state + "]";
        }
    }

    public record ForgeTenant(UUID tenantId, String installationId, String cloudId, TenantState state) {
    }

    @Inject
    SecretCipher cipher;

    @Inject
    MeterRegistry registry;

    /**
     * Uninstalled tenants are answered too: Atlassian signs a later re-install with the secret it had, so the gateway
     * needs it to verify that request.
     */
    @Transactional
    public ConnectVerification connectVerification(String clientKey) {
        Tenant tenant = Tenant.byClientKey(clientKey).orElse(null);
        if (tenant == null || !tenant.hasSecret()) {
            count("not_found");
            throw ProblemException.notFound("Tenant");
        }
        String secret;
        try {
            secret = cipher.reveal(tenant);
        } catch (KeyRing.SecretUnavailableException e) {
            count("unreadable");
            LOG.errorf("The shared secret of tenant %s cannot be decrypted (%s)", tenant.id, e.getMessage());
            throw ProblemException.unavailable("The tenant's secret cannot be read at the moment", 60);
        }
        count("found");
        return new ConnectVerification(tenant.id, tenant.clientKey, secret, tenant.baseUrl, tenant.state);
    }

    @Transactional
    public ForgeTenant forgeTenant(String installationId) {
        Tenant tenant = Tenant.byForgeInstallation(installationId)
                .orElseThrow(() -> ProblemException.notFound("Tenant"));
        return new ForgeTenant(tenant.id, tenant.forgeInstallationId, tenant.cloudId, tenant.state);
    }

    private void count(String outcome) {
        registry.counter(SECRET_LOOKUPS_METRIC, "outcome", outcome).increment();
    }
}
