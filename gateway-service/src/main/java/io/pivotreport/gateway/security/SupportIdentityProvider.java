package io.pivotreport.gateway.security;

import io.pivotreport.auth.AuthException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * Turns a verified support token into an identity: role {@link GatewayRoles#SUPPORT_ENGINEER} only when the token
 * carries the {@code support} group (a valid token without it is authenticated but forbidden), the
 * {@link SupportCaller} as an attribute. Refusals are counted under {@code token_class="support"}.
 */
@ApplicationScoped
public class SupportIdentityProvider implements IdentityProvider<SupportTokenRequest> {

    static final String SUPPORT_FAILURE = "io.pivotreport.gateway.auth.support";

    private final SupportTokenVerifier verifier;
    private final AuthFailureMetrics metrics;

    public SupportIdentityProvider(SupportTokenVerifier verifier, AuthFailureMetrics metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
    }

    @Override
    public Class<SupportTokenRequest> getRequestType() {
        return SupportTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SupportTokenRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().item(() -> verify(request));
    }

    SecurityIdentity verify(SupportTokenRequest request) {
        SupportTokenVerifier.Verified token;
        try {
            token = verifier.verify(request.authorizationHeaders(), request.rawQuery());
        } catch (AuthException e) {
            metrics.recordSupport(e.reason());
            throw new AuthenticationFailedException(e.reason().code(), Map.of(SUPPORT_FAILURE, Boolean.TRUE));
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(AuthFailureMetrics.SUPPORT_TAG))
                .addAttribute(SupportCaller.ATTRIBUTE, new SupportCaller(token.engineer(), token.expiresAt()));
        if (token.supportGroup()) {
            identity.addRole(GatewayRoles.SUPPORT_ENGINEER);
        }
        return identity.build();
    }
}
