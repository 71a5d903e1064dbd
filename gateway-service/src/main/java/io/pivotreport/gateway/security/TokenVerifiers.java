package io.pivotreport.gateway.security;

import io.pivotreport.auth.AuthException;
import io.pivotreport.auth.AuthFailureReason;
import io.pivotreport.auth.AuthSettings;
import io.pivotreport.auth.CachingInstallKeyProvider;
import io.pivotreport.auth.ContextTokenVerifier;
import io.pivotreport.auth.ForgeInvocationVerifier;
import io.pivotreport.auth.HostTokenVerifier;
import io.pivotreport.auth.HttpForgeJwksProvider;
import io.pivotreport.auth.HttpInstallKeyProvider;
import io.pivotreport.auth.IncomingRequest;
import io.pivotreport.auth.SharedSecretLookup;
import io.pivotreport.auth.SignedInstallVerifier;
import io.pivotreport.auth.TokenClass;
import io.pivotreport.auth.VerifiedToken;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Optional;

/**
 * One verifier per token class, built once from configuration (they are immutable; the key providers hold the key
 * caches). Shared secrets come from {@link TenantDirectory}, so a known tenant costs no remote call.
 */
@ApplicationScoped
public class TokenVerifiers {

    private final HostTokenVerifier host;
    private final ContextTokenVerifier context;
    private final SignedInstallVerifier signedInstall;
    private final Optional<ForgeInvocationVerifier> forge;

    public TokenVerifiers(GatewayConfig config, TenantDirectory tenants, Clock clock) {
        AuthSettings.Builder builder = AuthSettings.builder(config.baseUrl())
                .leeway(config.leeway())
                .maxTokenBytes(config.maxTokenBytes())
                .installKeysBaseUrl(config.installKeysUrl())
                .forgeJwksUrl(config.forge().jwksUrl())
                .connectTimeout(config.keyFetch().connectTimeout())
                .readTimeout(config.keyFetch().readTimeout());
        config.forge().appId().ifPresent(builder::forgeAppId);
        AuthSettings settings = builder.build();
        SharedSecretLookup secrets = clientKey -> tenants.connect(clientKey).map(TenantDirectory.ConnectTenant::sharedSecret);
        this.host = new HostTokenVerifier(settings, secrets, clock);
        this.context = new ContextTokenVerifier(settings, secrets, clock);
        this.signedInstall = new SignedInstallVerifier(settings,
                new CachingInstallKeyProvider(HttpInstallKeyProvider.fromSettings(settings), clock), clock);
        this.forge = settings.forgeAppId() == null ? Optional.empty()
                : Optional.of(new ForgeInvocationVerifier(settings, HttpForgeJwksProvider.fromSettings(settings, clock),
                        clock));
    }

    /** Verifies the request's token as {@code tokenClass}; blocking (key fetches, secret look-ups). */
    public VerifiedToken verify(TokenClass tokenClass, IncomingRequest request) throws AuthException {
        return switch (tokenClass) {
            case HOST -> host.verify(request);
            case CONTEXT -> context.verify(request);
            case SIGNED_INSTALL -> signedInstall.verify(request);
            case FORGE_INVOCATION -> forge
                    .orElseThrow(() -> new AuthException(AuthFailureReason.WRONG_CLASS, "Forge is not configured"))
                    .verify(request);
        };
    }
}
