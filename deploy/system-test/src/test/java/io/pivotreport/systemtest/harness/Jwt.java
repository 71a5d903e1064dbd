package io.pivotreport.systemtest.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compact JWS built by hand, byte for byte, so tests control every part: header members, claim types, the exact
 * encoding of each segment. The platform's tokens (Jira's HS256 and RS256, Forge's RS256, the gateway's internal
 * RS256) are all made here.
 */
public final class Jwt {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Jwt() {
    }

    /** {@code {"alg": alg, "typ": "JWT"}} plus {@code kid} when given. */
    public static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        return header;
    }

    /** {@code iss}, {@code sub} (when given), {@code iat} now and {@code exp} after {@code ttlSeconds}. */
    public static Map<String, Object> claims(String iss, String sub, long ttlSeconds) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        if (iss != null) {
            claims.put("iss", iss);
        }
        if (sub != null) {
            claims.put("sub", sub);
        }
        claims.put("iat", ttlSeconds > 0 ? now : now + ttlSeconds - 60);
        claims.put("exp", now + ttlSeconds);
        return claims;
    }

    public static String segment(Object json) {
        return segment(json instanceof String s ? s : toJson(json));
    }

    public static String segment(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    public static String b64(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hs256(Map<String, Object> claims, String secret) {
        return hmac(segment(header("HS256", null)) + "." + segment(claims), "HmacSHA256",
                secret.getBytes(StandardCharsets.UTF_8));
    }

    public static String rs256(Map<String, Object> claims, PrivateKey key, String kid) {
        return rsa(segment(header("RS256", kid)) + "." + segment(claims), "SHA256withRSA", key);
    }

    /** {@code signingInput + "." + HMAC(signingInput)}. */
    public static String hmac(String signingInput, String macAlgorithm, byte[] key) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code signingInput + "." + RSA signature(signingInput)}. */
    public static String rsa(String signingInput, String signatureAlgorithm, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm);
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
