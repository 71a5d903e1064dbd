package io.pivotreport.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Base64;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.lang.JoseException;

/**
 * A compact JWS whose header was checked for the one algorithm its token class allows, with its claims parsed but not
 * yet trusted.
 *
 * <p>The compact form is split and its header and claims read here with Jackson (strict duplicate detection: a token
 * with two {@code alg} or two {@code qsh} members must not mean one thing to us and another to its signer). The
 * signature itself, and the key checks that go with it (HMAC secret at least 256 bits, RSA key at least 2048 bits), are
 * jose4j's algorithm implementations. jose4j's own {@code JsonWebSignature} was measured at about 68 KB of garbage
 * per verification, almost all from its internal header JSON parser; this path avoids that.
 */
final class ParsedJwt {
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final ProviderContext PROVIDERS = new ProviderContext();

    private final JsonWebSignatureAlgorithm algorithm;
    private final String keyId;
    private final JsonNode claims;
    private final byte[] signingInput;
    private final byte[] signature;

    private ParsedJwt(JsonWebSignatureAlgorithm algorithm, String keyId, JsonNode claims, byte[] signingInput,
                      byte[] signature) {
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.claims = claims;
        this.signingInput = signingInput;
        this.signature = signature;
    }

    static ParsedJwt parse(String token, String allowedAlgorithm) throws AuthException {
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            // Three parts only: five would be an encrypted JWE, which no Atlassian token class uses.
            throw new AuthException(AuthFailureReason.MALFORMED, "not a compact JWS");
        }
        JsonNode header = jsonObject(token.substring(0, firstDot), "unparseable JWS header");
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            throw new AuthException(AuthFailureReason.MALFORMED, "JWS header has no alg");
        }
        if (!allowedAlgorithm.equals(alg.textValue())) {
            // Covers "none", a lower-case "hs256", RS/HS confusion and everything else.
            throw new AuthException(AuthFailureReason.ALGORITHM_NOT_ALLOWED, "algorithm not allowed for this route");
        }
        if (header.has("crit")) {
            // RFC 7515 4.1.11: extensions we do not understand must be refused; we understand none (e.g. "b64").
            throw new AuthException(AuthFailureReason.MALFORMED, "critical header extensions are not supported");
        }
        JsonNode claims = jsonObject(token.substring(firstDot + 1, secondDot), "claims are not a JSON object");
        byte[] signature = base64url(token.substring(secondDot + 1), "signature is not base64url");
        byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
        return new ParsedJwt(jwsAlgorithm(allowedAlgorithm), Claims.text(header, "kid"), claims, signingInput,
                signature);
    }

    /** The {@code kid} header, or null when absent or not a string. */
    String keyId() {
        return keyId;
    }

    JsonNode claims() {
        return claims;
    }

    void verifySignature(Key key) throws AuthException {
        boolean valid;
        try {
            algorithm.validateVerificationKey(key);
            valid = algorithm.verifySignature(signature, key, signingInput, PROVIDERS);
        } catch (JoseException | RuntimeException e) {
            // e.g. an HMAC secret shorter than 256 bits or an RSA key shorter than 2048 bits
            throw new AuthException(AuthFailureReason.BAD_SIGNATURE, "signature verification refused");
        }
        if (!valid) {
            throw new AuthException(AuthFailureReason.BAD_SIGNATURE, "signature does not verify");
        }
    }

    /** A string claim that must be present. */
    String requiredString(String name) throws AuthException {
        String value = Claims.text(claims, name);
        if (value == null) {
            throw new AuthException(AuthFailureReason.MALFORMED, "required claim missing: " + name);
        }
        return value;
    }

    String optionalString(String name) {
        return Claims.text(claims, name);
    }

    private static JsonNode jsonObject(String part, String fixedDetail) throws AuthException {
        JsonNode node;
        try {
            node = JSON.readTree(base64url(part, fixedDetail));
        } catch (IOException e) {
            throw new AuthException(AuthFailureReason.MALFORMED, fixedDetail);
        }
        if (node == null || !node.isObject()) {
            throw new AuthException(AuthFailureReason.MALFORMED, fixedDetail);
        }
        return node;
    }

    private static byte[] base64url(String part, String fixedDetail) throws AuthException {
        try {
            return BASE64URL.decode(part);
        } catch (IllegalArgumentException e) {
            throw new AuthException(AuthFailureReason.MALFORMED, fixedDetail);
        }
    }

    private static JsonWebSignatureAlgorithm jwsAlgorithm(String name) {
        try {
            return AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory().getAlgorithm(name);
        } catch (JoseException e) {
            throw new IllegalStateException("jose4j does not provide " + name, e);
        }
    }
}
