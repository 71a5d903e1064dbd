package io.pivotreport.gateway.support;

import io.pivotreport.auth.CanonicalRequest;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Atlassian tokens as Jira, Forge (or an attacker) would build them. */
public final class AtlassianTokens {

    private AtlassianTokens() {
    }

    /** Claims with {@code iat} now and {@code exp} after {@code ttl} (negative: already expired). */
    public static JwtClaims claims(String issuer, String subject, Duration ttl) {
        JwtClaims claims = new JwtClaims();
        long now = System.currentTimeMillis() / 1000;
        if (issuer != null) {
            claims.setIssuer(issuer);
        }
        if (subject != null) {
            claims.setSubject(subject);
        }
        long exp = now + ttl.toSeconds();
        claims.setIssuedAtToNow();
        if (exp <= now) {
            claims.setClaim("iat", exp - 180);
        }
        claims.setClaim("exp", exp);
        return claims;
    }

    /** A Connect context token ({@code qsh = context-qsh}) signed with the tenant's shared secret. */
    public static String context(String clientKey, String accountId, String secret) {
        JwtClaims claims = claims(clientKey, accountId, Duration.ofMinutes(3));
        claims.setClaim("qsh", "context-qsh");
        return hs256(claims, secret);
    }

    /** A Connect host token whose {@code qsh} binds it to {@code method rawPath?rawQuery} (without the jwt). */
    public static String host(String clientKey, String accountId, String secret, String method, String rawPath,
                              String rawQuery) {
        return host(clientKey, accountId, secret, method, rawPath, rawQuery, 0);
    }

    /** A host token issued {@code iatShiftSeconds} from now (within the leeway), to order lifecycle events. */
    public static String host(String clientKey, String accountId, String secret, String method, String rawPath,
                              String rawQuery, long iatShiftSeconds) {
        JwtClaims claims = claims(clientKey, accountId, Duration.ofMinutes(3));
        claims.setClaim("iat", System.currentTimeMillis() / 1000 + iatShiftSeconds);
        claims.setClaim("qsh", CanonicalRequest.qsh(method, rawPath, rawQuery, ""));
        return hs256(claims, secret);
    }

    /** A signed install (RS256, {@code kid}, {@code aud} = the app base URL, request-bound {@code qsh}). */
    public static String signedInstall(String clientKey, String audience, Key privateKey, String kid,
                                       String method, String rawPath) {
        JwtClaims claims = claims(clientKey, null, Duration.ofMinutes(3));
        claims.setAudience(audience);
        claims.setClaim("qsh", CanonicalRequest.qsh(method, rawPath, null, ""));
        return sign(claims, "RS256", privateKey, kid);
    }

    /** A Forge invocation token for app {@code appAri} and installation {@code installationId}. */
    public static String forge(String appAri, String audience, String installationId, String cloudId,
                               String principal, Boolean licenseActive, Key privateKey, String kid) {
        return sign(forgeClaims(appAri, audience, installationId, cloudId, principal, licenseActive), "RS256",
                privateKey, kid);
    }

    public static JwtClaims forgeClaims(String appAri, String audience, String installationId, String cloudId,
                                        String principal, Boolean licenseActive) {
        JwtClaims claims = claims("forge/invocation-token", null, Duration.ofMinutes(1));
        claims.setAudience(audience);
        if (principal != null) {
            claims.setClaim("principal", principal);
        }
        Map<String, Object> app = new java.util.LinkedHashMap<>();
        app.put("id", appAri);
        app.put("installationId", installationId);
        app.put("apiBaseUrl", "https://api.atlassian.com/ex/jira/" + cloudId);
        app.put("environment", Map.of("type", "PRODUCTION", "id", "env-1"));
        if (licenseActive != null) {
            app.put("license", Map.of("isActive", licenseActive));
        }
        claims.setClaim("app", app);
        claims.setClaim("context", Map.of("cloudId", cloudId));
        return claims;
    }

    public static String hs256(JwtClaims claims, String secret) {
        return sign(claims, "HS256", new HmacKey(secret.getBytes(StandardCharsets.UTF_8)), null);
    }

    public static String sign(JwtClaims claims, String alg, Key key, String kid) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmHeaderValue(alg);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsecured token ({@code alg: none}). */
    public static String unsigned(JwtClaims claims) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.toJson()) + ".";
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code name=value&...} of already-encoded pairs. */
    public static String query(List<String> pairs) {
        return String.join("&", pairs);
    }
}
