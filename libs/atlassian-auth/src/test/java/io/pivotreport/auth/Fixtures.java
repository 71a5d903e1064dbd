package io.pivotreport.auth;

import java.util.Map;
import java.util.Optional;

/** Shared settings and claim builders for the verifier tests. */
final class Fixtures {
    static final long NOW = 1_700_000_000L;
    static final String APP_BASE_URL = "https://pivot.example.com/app";
    static final String FORGE_APP_UUID = "d60dfafb-a14d-4d56-bf03-0c3823d39e2b";
    static final String FORGE_APP_ARI = "ari:cloud:ecosystem::app/" + FORGE_APP_UUID;
    static final String INSTALLATION_ARI = "ari:cloud:ecosystem::installation/8d5f651a-b2e9-4b38-aac6-30abc7f3effb";
    static final String CLOUD_ID = "4869c4ef-cb0d-4108-8243-8929ac7cc1fa";
    static final String ACCOUNT_ID = "5b10a2844c20165700ede21g";

    static final SharedSecretLookup SECRETS = clientKey ->
            TestTokens.CLIENT_KEY.equals(clientKey) ? Optional.of(TestTokens.SECRET) : Optional.empty();

    private Fixtures() {
    }

    static AuthSettings.Builder settings() {
        return AuthSettings.builder(APP_BASE_URL).forgeAppId(FORGE_APP_UUID);
    }

    /** Claims of a host token bound to one request. */
    static Map<String, Object> hostClaims(String method, String rawPath, String rawQuery) {
        return TestTokens.claims(
                "iss", TestTokens.CLIENT_KEY,
                "sub", ACCOUNT_ID,
                "iat", NOW,
                "exp", NOW + 180,
                "qsh", CanonicalRequest.qsh(method, rawPath, rawQuery, "/app"),
                "context", Map.of("jira", Map.of("issue", Map.of("key", "PR-1"))));
    }

    static Map<String, Object> contextClaims() {
        return TestTokens.claims(
                "iss", TestTokens.CLIENT_KEY,
                "sub", ACCOUNT_ID,
                "iat", NOW,
                "exp", NOW + 900,
                "qsh", "context-qsh",
                "context", Map.of("license", Map.of("active", true)));
    }

    /** Claims of a signed installed callback as Atlassian sends it. */
    static Map<String, Object> installClaims(String rawPath) {
        return TestTokens.claims(
                "iss", TestTokens.CLIENT_KEY,
                "aud", APP_BASE_URL,
                "iat", NOW,
                "exp", NOW + 180,
                "qsh", CanonicalRequest.qsh("POST", rawPath, null, "/app"));
    }

    /** Claims in the layout of a Forge invocation token. */
    static Map<String, Object> forgeClaims() {
        return TestTokens.claims(
                "iss", "forge/invocation-token",
                "aud", FORGE_APP_ARI,
                "iat", NOW,
                "nbf", NOW,
                "exp", NOW + 60,
                "jti", "c3f0f8a1-2b7e-4d5e-9a1b-1c2d3e4f5a6b",
                "app", Map.of(
                        "id", FORGE_APP_ARI,
                        "installationId", INSTALLATION_ARI,
                        "apiBaseUrl", "https://api.atlassian.com/ex/jira/" + CLOUD_ID,
                        "environment", Map.of(
                                "type", "PRODUCTION",
                                "id", "ari:cloud:ecosystem::environment/" + FORGE_APP_UUID + "/e6253"),
                        "module", Map.of("key", "pivot-report", "type", "xen:macro")),
                "context", Map.of("cloudId", CLOUD_ID, "moduleKey", "pivot-report"),
                "principal", ACCOUNT_ID);
    }
}
