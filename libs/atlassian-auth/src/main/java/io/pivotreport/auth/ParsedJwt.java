package io.pivotreport.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.Key;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * A compact JWS whose header was checked for the one algorithm its token class allows, with its claims parsed but not
 * yet trusted. Claims are read with Jackson in strict duplicate mode: a token with two {@code qsh} members must not
 * mean one thing to us and another to its signer.
 */
final class ParsedJwt {
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final JsonWebSignature jws;
    private final JsonNode claims;

    private ParsedJwt(JsonWebSignature jws, JsonNode claims) {
        this.jws = jws;
        this.claims = claims;
    }

    static ParsedJwt parse(String token, String allowedAlgorithm) throws AuthException {
        if (countDots(token) != 2) {
            // Three parts only: five would be an encrypted JWE, which no Atlassian token class uses.
            throw new AuthException(AuthFailureReason.MALFORMED, "not a compact JWS");
        }
        JsonWebSignature jws = new JsonWebSignature();
        try {
            jws.setCompactSerialization(token);
        } catch (JoseException | RuntimeException e) {
            throw new AuthException(AuthFailureReason.MALFORMED, "unparseable JWS header");
        }
        Object alg = jws.getHeaders().getObjectHeaderValue("alg");
        if (!(alg instanceof String)) {
            throw new AuthException(AuthFailureReason.MALFORMED, "JWS header has no alg");
        }
        if (!allowedAlgorithm.equals(alg)) {
            // Covers "none", a lower-case "hs256", RS/HS confusion and everything else.
            throw new AuthException(AuthFailureReason.ALGORITHM_NOT_ALLOWED, "algorithm not allowed for this route");
        }
        // jose4j enforces the same whitelist again when it verifies.
        jws.setAlgorithmConstraints(
                new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, allowedAlgorithm));
        JsonNode claims;
        try {
            claims = JSON.readTree(jws.getUnverifiedPayloadBytes());
        } catch (IOException | RuntimeException e) {
            throw new AuthException(AuthFailureReason.MALFORMED, "claims are not a JSON object");
        }
        if (claims == null || !claims.isObject()) {
            throw new AuthException(AuthFailureReason.MALFORMED, "claims are not a JSON object");
        }
        return new ParsedJwt(jws, claims);
    }

    /** The {@code kid} header, or null when absent or not a string. */
    String keyId() {
        Object kid = jws.getHeaders().getObjectHeaderValue("kid");
        return kid instanceof String ? (String) kid : null;
    }

    JsonNode claims() {
        return claims;
    }

    void verifySignature(Key key) throws AuthException {
        jws.setKey(key);
        boolean valid;
        try {
            valid = jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            // e.g. an HMAC secret shorter than 256 bits, an RSA key shorter than 2048 bits, an unknown "crit" header
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

    private static int countDots(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        return dots;
    }
}
