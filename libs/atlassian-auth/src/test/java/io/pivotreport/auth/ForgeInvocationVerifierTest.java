package io.pivotreport.auth;

import static io.pivotreport.auth.Fixtures.CLOUD_ID;
import static io.pivotreport.auth.Fixtures.FORGE_APP_ARI;
import static io.pivotreport.auth.Fixtures.INSTALLATION_ARI;
import static io.pivotreport.auth.Fixtures.NOW;
import static io.pivotreport.auth.Fixtures.forgeClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForgeInvocationVerifierTest {
    private static final String KID = "forge-kid-1";

    private final MutableClock clock = MutableClock.at(NOW);
    private KeyServer jwksServer;
    private ForgeInvocationVerifier verifier;

    @BeforeEach
    void startJwksServer() throws IOException {
        jwksServer = new KeyServer().answer("/.well-known/jwks.json", 200,
                TestTokens.jwks(Map.of(KID, TestKeys.FORGE.getPublic())));
        AuthSettings settings = Fixtures.settings().forgeJwksUrl(jwksServer.url("/.well-known/jwks.json")).build();
        verifier = new ForgeInvocationVerifier(settings, HttpForgeJwksProvider.fromSettings(settings, clock), clock);
    }

    @AfterEach
    void stopJwksServer() {
        jwksServer.close();
    }

    private static IncomingRequest bearer(String token) {
        return IncomingRequest.of("POST", "/app/forge/reports", null, "Bearer " + token);
    }

    private static String signed(Map<String, Object> claims) {
        return TestTokens.rs256(claims, TestKeys.FORGE.getPrivate(), KID);
    }

    private AuthFailureReason failure(IncomingRequest request) {
        return assertThrows(AuthException.class, () -> verifier.verify(request)).reason();
    }

    @Test
    void acceptsForgeInvocationTokenAndMapsItsClaims() throws AuthException {
        VerifiedForgeToken verified = verifier.verify(bearer(signed(forgeClaims())));

        assertEquals(TokenClass.FORGE_INVOCATION, verified.tokenClass());
        assertEquals(FORGE_APP_ARI, verified.appId());
        assertEquals(INSTALLATION_ARI, verified.installationId());
        assertEquals(CLOUD_ID, verified.cloudId());
        assertEquals("PRODUCTION", verified.environmentType());
        assertEquals("ari:cloud:ecosystem::environment/" + Fixtures.FORGE_APP_UUID + "/e6253",
                verified.environmentId());
        assertEquals(Fixtures.ACCOUNT_ID, verified.principalAccountId());
        assertEquals("https://api.atlassian.com/ex/jira/" + CLOUD_ID, verified.apiBaseUrl());
        assertEquals(Instant.ofEpochSecond(NOW), verified.issuedAt());
        assertEquals(Instant.ofEpochSecond(NOW + 60), verified.expiresAt());
        assertNull(verified.licenseActive(), "no app.license: a free or development install");
    }

    @Test
    void licenceStateIsExposedOnlyWhenItIsABoolean() throws AuthException {
        for (Object value : new Object[] {true, false, "true"}) {
            Map<String, Object> claims = forgeClaims();
            @SuppressWarnings("unchecked")
            Map<String, Object> app = new java.util.LinkedHashMap<>((Map<String, Object>) claims.get("app"));
            app.put("license", Map.of("isActive", value));
            claims.put("app", app);
            Boolean expected = value instanceof Boolean b ? b : null;
            assertEquals(expected, verifier.verify(bearer(signed(claims))).licenseActive(), String.valueOf(value));
        }
    }

    @Test
    void invocationWithoutUserOrSiteContextHasNullPrincipalAndCloudId() throws AuthException {
        Map<String, Object> claims = forgeClaims();
        claims.remove("principal");
        claims.remove("context");

        VerifiedForgeToken verified = verifier.verify(bearer(signed(claims)));

        assertNull(verified.principalAccountId());
        assertNull(verified.cloudId());
        assertEquals(INSTALLATION_ARI, verified.installationId());
    }

    @Test
    void forgeAppIdMayBeConfiguredAsFullAri() throws AuthException {
        AuthSettings settings = Fixtures.settings().forgeAppId(FORGE_APP_ARI)
                .forgeJwksUrl(jwksServer.url("/.well-known/jwks.json")).build();
        ForgeInvocationVerifier byAri =
                new ForgeInvocationVerifier(settings, HttpForgeJwksProvider.fromSettings(settings, clock), clock);
        assertEquals(FORGE_APP_ARI, byAri.verify(bearer(signed(forgeClaims()))).appId());
    }

    @Test
    void audienceMayBeAnArrayContainingOurApp() throws AuthException {
        Map<String, Object> claims = forgeClaims();
        claims.put("aud", List.of("ari:cloud:ecosystem::app/other", FORGE_APP_ARI));
        verifier.verify(bearer(signed(claims)));
    }

    @Test
    void tokenForAnotherForgeAppIsWrongAudience() {
        Map<String, Object> claims = forgeClaims();
        claims.put("aud", "ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000");
        assertEquals(AuthFailureReason.WRONG_AUDIENCE, failure(bearer(signed(claims))));
    }

    @Test
    void appIdDisagreeingWithAudienceIsWrongAudience() {
        Map<String, Object> claims = forgeClaims();
        claims.put("app", Map.of("id", "ari:cloud:ecosystem::app/other", "installationId", INSTALLATION_ARI));
        assertEquals(AuthFailureReason.WRONG_AUDIENCE, failure(bearer(signed(claims))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"forge/invocation-token-x", "jira:1234", ""})
    void anyOtherIssuerIsUnknownIssuer(String issuer) {
        Map<String, Object> claims = forgeClaims();
        claims.put("iss", issuer);
        assertEquals(AuthFailureReason.UNKNOWN_ISSUER, failure(bearer(signed(claims))));
    }

    @Test
    void missingInstallationIdIsMalformed() {
        Map<String, Object> claims = forgeClaims();
        claims.put("app", Map.of("id", FORGE_APP_ARI));
        assertEquals(AuthFailureReason.MALFORMED, failure(bearer(signed(claims))));
    }

    @Test
    void expiredForgeTokenIsExpired() {
        clock.advance(Duration.ofSeconds(60 + 30));
        assertEquals(AuthFailureReason.EXPIRED, failure(bearer(signed(forgeClaims()))));
    }

    @Test
    void forgeTokenInTheQueryOrUnderTheJwtSchemeIsTheWrongClass() {
        String token = signed(forgeClaims());
        assertEquals(AuthFailureReason.WRONG_CLASS,
                failure(IncomingRequest.of("POST", "/app/forge/reports", "jwt=" + token, null)));
        assertEquals(AuthFailureReason.WRONG_CLASS,
                failure(IncomingRequest.of("POST", "/app/forge/reports", null, "JWT " + token)));
    }

    @Test
    void missingKidIsInvalidKid() {
        String token = TestTokens.rs256(forgeClaims(), TestKeys.FORGE.getPrivate(), null);
        assertEquals(AuthFailureReason.INVALID_KID, failure(bearer(token)));
    }

    @Test
    void tokenSignedWithAKeyOutsideTheJwksUnderAKnownKidIsBadSignature() {
        String token = TestTokens.rs256(forgeClaims(), TestKeys.OTHER.getPrivate(), KID);
        assertEquals(AuthFailureReason.BAD_SIGNATURE, failure(bearer(token)));
    }

    @Test
    void verifierRefusesToStartWithoutAForgeAppId() {
        AuthSettings settings = AuthSettings.builder(Fixtures.APP_BASE_URL).build();
        assertThrows(IllegalStateException.class,
                () -> new ForgeInvocationVerifier(settings, kid -> TestKeys.FORGE.getPublic(), clock));
    }
}
