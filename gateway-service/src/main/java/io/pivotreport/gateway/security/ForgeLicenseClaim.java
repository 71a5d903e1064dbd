package io.pivotreport.gateway.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@code app.license.isActive} of a Forge invocation token that already passed verification (atlassian-auth's
 * {@code VerifiedForgeToken} does not expose it yet). Read from the same verified bytes with the same strict
 * duplicate rule, so it cannot differ from what was verified.
 */
final class ForgeLicenseClaim {

    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ForgeLicenseClaim() {
    }

    /** True or false as the token says; null when the token carries no licence (free app, development install). */
    static Boolean licenseActive(List<String> authorizationHeaders) {
        for (String header : authorizationHeaders) {
            String trimmed = header.strip();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("bearer")) {
                return fromToken(trimmed.substring(6).strip());
            }
        }
        return null;
    }

    static Boolean fromToken(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = STRICT.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode active = claims.path("app").path("license").path("isActive");
            return active.isBoolean() ? active.booleanValue() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
