package io.pivotreport.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

/** Builds tokens the way Atlassian (or an attacker) would. */
final class TestTokens {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "a-shared-secret-that-is-long-enough-for-hs256-0123456789";
    static final String CLIENT_KEY = "jira:0b3a4f0c-1d2e-4f5a-8b9c-0d1e2f3a4b5c";

    private TestTokens() {
    }

    static Map<String, Object> claims(Object... keyValues) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            claims.put((String) keyValues[i], keyValues[i + 1]);
        }
        return claims;
    }

    static String hs256(Map<String, Object> claims, String secret) {
        return sign(claims, "HS256", new HmacKey(secret.getBytes(StandardCharsets.UTF_8)), null);
    }

    /** HS256 keyed with arbitrary bytes, e.g. an RSA public key's encoding (the classic algorithm confusion). */
    static String hs256WithKeyBytes(Map<String, Object> claims, byte[] key, String kid) {
        return sign(claims, "HS256", new HmacKey(key), kid);
    }

    static String rs256(Map<String, Object> claims, Key privateKey, String kid) {
        return sign(claims, "RS256", privateKey, kid);
    }

    static String sign(Map<String, Object> claims, String alg, Key key, String kid) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmHeaderValue(alg);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setPayload(json(claims));
        jws.setKey(key);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsecured JWT ({@code alg: none}) with an empty signature part. */
    static String unsigned(Map<String, Object> claims) {
        return raw(Map.of("alg", "none", "typ", "JWT"), json(claims), "");
    }

    /** Any header, any payload, any signature: for malformed-token cases. */
    static String raw(Map<String, Object> header, String payloadJson, String signature) {
        return b64(json(header)) + "." + b64(payloadJson) + "." + signature;
    }

    static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> decodeClaims(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        try {
            return JSON.readValue(payload, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> decodeHeader(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        try {
            return JSON.readValue(header, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWKS document holding the given public keys under the given kids. */
    static String jwks(Map<String, PublicKey> keysByKid) {
        String keys = keysByKid.entrySet().stream().map(entry -> {
            try {
                JsonWebKey jwk = JsonWebKey.Factory.newJwk(entry.getValue());
                jwk.setKeyId(entry.getKey());
                jwk.setUse("sig");
                jwk.setAlgorithm("RS256");
                return ((RsaJsonWebKey) jwk).toJson();
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.joining(","));
        return "{\"keys\":[" + keys + "]}";
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
