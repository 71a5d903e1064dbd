package io.pivotreport.gateway.internal;

import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.platform.security.CallerContext;
import io.pivotreport.platform.security.Roles;
import io.pivotreport.platform.security.SupportClaims;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Mints the short-lived RS256 tokens the private services accept (signing key: {@code smallrye.jwt.sign.key.location}).
 * One token per call, audience = the one service it is sent to, so a token that leaks opens one service for at most
 * a minute. No Atlassian token, claim or secret is ever copied into it.
 */
@ApplicationScoped
public class InternalTokenMinter {

    private final GatewayConfig config;
    private final Clock clock;

    public InternalTokenMinter(GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A user's call forwarded on behalf of a tenant: role {@code app-user}, {@code sub} = the accountId. */
    public String forUser(PrivateService target, String tenantId, String accountId) {
        if (tenantId == null || accountId == null) {
            throw new IllegalArgumentException("a user token needs a tenant and an account");
        }
        return builder(target, accountId, Roles.APP_USER)
                .claim(CallerContext.TENANT_CLAIM, tenantId)
                .claim(CallerContext.ACCOUNT_CLAIM, accountId)
                .sign();
    }

    /**
     * A support engineer's read of one tenant: role {@code support}, {@code sub} = the engineer, the validated reason
     * and the optional ticket as {@link SupportClaims}; no {@code account} claim (no user is acting).
     */
    public String forSupport(PrivateService target, String tenantId, String engineer, String reason, String ticket) {
        if (tenantId == null || engineer == null || reason == null) {
            throw new IllegalArgumentException("a support token needs a tenant, an engineer and a reason");
        }
        JwtClaimsBuilder builder = builder(target, engineer, Roles.SUPPORT)
                .claim(CallerContext.TENANT_CLAIM, tenantId)
                .claim(SupportClaims.REASON_CLAIM, reason);
        if (ticket != null) {
            builder.claim(SupportClaims.TICKET_CLAIM, ticket);
        }
        return builder.sign();
    }

    /** The gateway's own call (lifecycle forwarding, look-ups, licence checks): role {@code gateway}. */
    public String forGateway(PrivateService target, String tenantIdOrNull) {
        JwtClaimsBuilder builder = builder(target, Roles.GATEWAY, Roles.GATEWAY);
        if (tenantIdOrNull != null) {
            builder.claim(CallerContext.TENANT_CLAIM, tenantIdOrNull);
        }
        return builder.sign();
    }

    private JwtClaimsBuilder builder(PrivateService target, String subject, String role) {
        Instant now = clock.instant();
        return Jwt.issuer(config.internalToken().issuer())
                .audience(target.audience())
                .subject(subject)
                .groups(Set.of(role))
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(config.internalToken().lifetime()).getEpochSecond())
                .claim("jti", UUID.randomUUID().toString());
    }
}
