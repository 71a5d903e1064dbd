package io.pivotreport.systemtest.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A Forge installation calling the app's remote, played as Forge plays it: RS256 invocation tokens signed with the key
 * the JWKS of {@link AtlassianFake} serves, as {@code Authorization: Bearer}.
 */
public record ForgeSite(String installationId, String cloudId, String accountId) {

    public static ForgeSite random() {
        return new ForgeSite("ari:cloud:ecosystem::installation/" + UUID.randomUUID(), UUID.randomUUID().toString(),
                "557058:" + UUID.randomUUID());
    }

    /** Invocation-token claims of this installation; {@code principal} null for app-level events. */
    public Map<String, Object> claims(String principal, Boolean licenseActive) {
        Map<String, Object> claims = Jwt.claims("forge/invocation-token", null, 60);
        claims.put("aud", SystemUnderTest.FORGE_APP_ARI);
        if (principal != null) {
            claims.put("principal", principal);
        }
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("id", SystemUnderTest.FORGE_APP_ARI);
        app.put("installationId", installationId);
        app.put("apiBaseUrl", "https://api.atlassian.com/ex/jira/" + cloudId);
        app.put("environment", Map.of("type", "PRODUCTION", "id", "env-1"));
        if (licenseActive != null) {
            app.put("license", Map.of("isActive", licenseActive));
        }
        claims.put("app", app);
        claims.put("context", Map.of("cloudId", cloudId));
        return claims;
    }

    public String token(SystemUnderTest system, Map<String, Object> claims) {
        return Jwt.rs256(claims, system.atlassian().forgeKeys().getPrivate(), AtlassianFake.FORGE_KID);
    }

    /** A user's invocation with an active licence. */
    public String userToken(SystemUnderTest system) {
        return token(system, claims(accountId, true));
    }

    /** Registers the installation through the Forge lifecycle route. */
    public ForgeSite install(SystemUnderTest system) {
        Http.Answer answer = system.gateway().post("/forge/lifecycle").bearer(token(system, claims(null, null)))
                .json(Map.of("eventType", "avi:forge:installed:app", "id", UUID.randomUUID().toString(),
                        "context", Map.of("cloudId", cloudId)))
                .send();
        JiraSite.expect(answer, 204, "Forge install");
        return this;
    }
}
