package io.pivotreport.analytics.support;

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

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
