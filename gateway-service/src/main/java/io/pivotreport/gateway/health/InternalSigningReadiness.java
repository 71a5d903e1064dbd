package io.pivotreport.gateway.health;

import io.pivotreport.gateway.internal.InternalTokenMinter;
import io.pivotreport.gateway.internal.PrivateService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the gateway can mint internal tokens: without its signing key every call to a private service would
 * fail, so the instance must not receive traffic. The minted token is thrown away.
 */
@Readiness
@ApplicationScoped
public class InternalSigningReadiness implements HealthCheck {

    private final InternalTokenMinter tokens;

    public InternalSigningReadiness(InternalTokenMinter tokens) {
        this.tokens = tokens;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            tokens.forGateway(PrivateService.LICENSE, null);
            return HealthCheckResponse.up("internal-token-signing");
        } catch (RuntimeException e) {
            return HealthCheckResponse.down("internal-token-signing");
        }
    }
}
