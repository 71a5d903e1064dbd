package io.pivotreport.test;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Internal JWTs as the gateway mints them (RS256), for tests of private services: the good ones with
 * {@link TestKeys}, forged ones with any other key or claims.
 *
 * <p>Claims: {@code iss}, {@code aud}, {@code sub} = account (or {@code gateway} without one), {@code tenant}, {@code account}, {@code groups} = roles,
 * {@code iat}, {@code exp}, {@code jti}. A negative {@code ttl} yields an already expired token (then {@code iat} is
 * one minute before {@code exp}).
 */
public final class InternalTokens {

    /** The issuer the gateway uses. */
    public static final String GATEWAY_ISSUER = "pivot-gateway";

    private InternalTokens() {
    }

    /** A token signed with the test key pair. */
    public static String mint(String issuer, String audience, String tenant, String account, Set<String> roles,
                              Duration ttl) {
        return mintWith(TestKeys.privateKey(), issuer, audience, tenant, account, roles, ttl);
    }

    /** A token signed with {@code key} (e.g. a foreign key: the service must reject it). */
    public static String mintWith(PrivateKey key, String issuer, String audience, String tenant, String account,
                                  Set<String> roles, Duration ttl) {
        return sign(key, claims(issuer, audience, tenant, account, roles, ttl));
    }

    /** The claims {@link #mint} would sign; adjust them (remove a claim, add one) and {@link #sign} for odd tokens. */
    public static JwtClaims claims(String issuer, String audience, String tenant, String account, Set<String> roles,
                                   Duration ttl) {
        JwtClaims claims = new JwtClaims();
        long now = System.currentTimeMillis() / 1000;
        long exp = now + ttl.toSeconds();
        if (issuer != null) {
            claims.setIssuer(issuer);
        }
        if (audience != null) {
            claims.setAudience(audience);
        }
        // SmallRye JWT requires a subject: tenant-level calls are made by the gateway itself, as conventions.md says.
        claims.setSubject(account != null ? account : "gateway");
        if (account != null) {
            claims.setClaim("account", account);
        }
        if (tenant != null) {
            claims.setClaim("tenant", tenant);
        }
        claims.setStringListClaim("groups", new ArrayList<>(new TreeSet<>(roles == null ? Set.of() : roles)));
        claims.setIssuedAt(NumericDate.fromSeconds(exp > now ? now : exp - 60));
        claims.setExpirationTime(NumericDate.fromSeconds(exp));
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    /** Signs {@code claims} with RS256 and {@code key}. */
    public static String sign(PrivateKey key, JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
