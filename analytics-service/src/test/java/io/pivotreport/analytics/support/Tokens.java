package io.pivotreport.analytics.support;

import io.pivotreport.platform.security.Roles;
import io.pivotreport.platform.security.SupportClaims;
import io.pivotreport.test.InternalTokens;
import io.pivotreport.test.TestKeys;
import org.jose4j.jwt.JwtClaims;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/** Internal tokens as the gateway (or the support path) mints them for analytics-service. */
public final class Tokens {

    public static final String AUDIENCE = "analytics-service";

    private Tokens() {
    }

    public static String withRole(String role) {
        return mint(TestKeys.privateKey(), AUDIENCE, role, Duration.ofSeconds(60));
    }

    public static String mint(PrivateKey key, String audience, String role, Duration ttl) {
        JwtClaims claims = InternalTokens.claims(InternalTokens.GATEWAY_ISSUER, audience, null, null, Set.of(role),
                ttl);
        claims.setSubject("gateway");
        return InternalTokens.sign(key, claims);
    }

    /** A support call as the gateway forwards it: tenant from the support path, engineer as subject, reason, ticket. */
    public static String support(String tenant, String engineer, String reason, String ticket) {
        JwtClaims claims = InternalTokens.claims(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant, null,
                Set.of(Roles.SUPPORT), Duration.ofSeconds(60));
        claims.setSubject(engineer);
        if (reason != null) {
            claims.setClaim(SupportClaims.REASON_CLAIM, reason);
        }
        if (ticket != null) {
            claims.setClaim(SupportClaims.TICKET_CLAIM, ticket);
        }
        return InternalTokens.sign(TestKeys.privateKey(), claims);
    }

    /** A user's call forwarded by the gateway. */
    public static String appUser(String tenant, String account) {
        return InternalTokens.mint(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant, account, Set.of(Roles.APP_USER),
                Duration.ofSeconds(60));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
