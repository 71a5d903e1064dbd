package io.pivotreport.gateway.support;

import io.pivotreport.test.InternalTokens;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Support tokens as the support issuer would sign them, and deliberately wrong ones. */
public final class SupportTokens {

    public static final String ISSUER = "pivot-support";
    public static final String AUDIENCE = "pivot-support";

    private SupportTokens() {
    }

    /** Valid claims: issuer, audience, engineer, group {@code support}, ten minutes. */
    public static JwtClaims claims(String engineer) {
        JwtClaims claims = new JwtClaims();
        long now = System.currentTimeMillis() / 1000;
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(engineer);
        claims.setStringListClaim("groups", List.of("support"));
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + Duration.ofMinutes(10).toSeconds()));
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    public static String valid(String engineer) {
        return sign(claims(engineer));
    }

    /** Signed with the support key pair the gateway under test trusts. */
    public static String sign(JwtClaims claims) {
        return signWith(GatewayTestEnvironment.current().supportKeys().getPrivate(), claims);
    }

    public static String signWith(PrivateKey key, JwtClaims claims) {
        return InternalTokens.sign(key, claims);
    }

    /** A fresh engineer id, so per-engineer rate limits of one test never touch another. */
    public static String newEngineer() {
        return "eng-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
