package io.pivotreport.auth;

import static io.pivotreport.auth.Fixtures.NOW;
import static io.pivotreport.auth.Fixtures.installClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignedInstallVerifierTest {
    private static final String KID = "2a4b8c1d-install-key";
    private static final String INSTALLED = "/app/installed";

    private final MutableClock clock = MutableClock.at(NOW);
    private KeyServer keyServer;
    private SignedInstallVerifier verifier;

    @BeforeEach
    void startKeyServer() throws IOException {
        keyServer = new KeyServer().answer("/" + KID, 200, TestKeys.pem(TestKeys.INSTALL.getPublic()));
        verifier = verifierWithReadTimeout(Duration.ofSeconds(5));
    }

    private SignedInstallVerifier verifierWithReadTimeout(Duration readTimeout) {
        AuthSettings settings = Fixtures.settings()
                .installKeysBaseUrl(keyServer.baseUrl())
                .readTimeout(readTimeout)
                .build();
        return new SignedInstallVerifier(settings,
                new CachingInstallKeyProvider(HttpInstallKeyProvider.fromSettings(settings), clock), clock);
    }

    @AfterEach
    void stopKeyServer() {
        keyServer.close();
    }

    private static IncomingRequest installed(String token) {
        return IncomingRequest.of("POST", INSTALLED, null, "JWT " + token).withBodyClientKey(TestTokens.CLIENT_KEY);
    }

    private static String signed(Map<String, Object> claims) {
        return TestTokens.rs256(claims, TestKeys.INSTALL.getPrivate(), KID);
    }

    private AuthFailureReason failure(IncomingRequest request) {
        return assertThrows(AuthException.class, () -> verifier.verify(request)).reason();
    }

    @Test
    void acceptsSignedInstallWithKeyFromTheInstallKeysService() throws AuthException {
        VerifiedConnectToken verified = verifier.verify(installed(signed(installClaims(INSTALLED))));

        assertEquals(TokenClass.SIGNED_INSTALL, verified.tokenClass());
        assertEquals(TestTokens.CLIENT_KEY, verified.clientKey());
        assertEquals(1, keyServer.hits("/" + KID));
    }

    @Test
    void secondVerificationWithTheSameKidDoesNotRefetchTheKey() throws AuthException {
        verifier.verify(installed(signed(installClaims(INSTALLED))));
        verifier.verify(IncomingRequest.of("POST", "/app/uninstalled", null,
                "JWT " + signed(installClaims("/app/uninstalled"))).withBodyClientKey(TestTokens.CLIENT_KEY));

        assertEquals(1, keyServer.hits("/" + KID));
    }

    @Test
    void audienceMayBeAnArrayAndMayEndWithASlash() throws AuthException {
        Map<String, Object> claims = installClaims(INSTALLED);
        claims.put("aud", List.of("https://someone-else.example.com", Fixtures.APP_BASE_URL + "/"));
        verifier.verify(installed(signed(claims)));
    }

    @Test
    void audienceNotNamingUsIsWrongAudience() {
        Map<String, Object> claims = installClaims(INSTALLED);
        claims.put("aud", "https://attacker.example.com/app");
        assertEquals(AuthFailureReason.WRONG_AUDIENCE, failure(installed(signed(claims))));
        claims.remove("aud");
        assertEquals(AuthFailureReason.WRONG_AUDIENCE, failure(installed(signed(claims))));
    }

    @Test
    void issuerDifferentFromTheBodyClientKeyIsRefused() {
        IncomingRequest request = IncomingRequest.of("POST", INSTALLED, null,
                "JWT " + signed(installClaims(INSTALLED))).withBodyClientKey("jira:someone-else");
        assertEquals(AuthFailureReason.UNKNOWN_ISSUER, failure(request));
    }

    @Test
    void missingBodyClientKeyIsMalformedAndFetchesNothing() {
        IncomingRequest request = IncomingRequest.of("POST", INSTALLED, null, "JWT " + signed(installClaims(INSTALLED)));
        assertEquals(AuthFailureReason.MALFORMED, failure(request));
        assertEquals(0, keyServer.totalHits());
    }

    @Test
    void qshOfAnotherLifecycleCallbackIsQshMismatch() {
        assertEquals(AuthFailureReason.QSH_MISMATCH, failure(installed(signed(installClaims("/app/uninstalled")))));
    }

    @Test
    void contextQshOnALifecycleCallbackIsWrongClass() {
        Map<String, Object> claims = installClaims(INSTALLED);
        claims.put("qsh", "context-qsh");
        assertEquals(AuthFailureReason.WRONG_CLASS, failure(installed(signed(claims))));
    }

    @Test
    void tokenSignedByAnotherKeyIsBadSignature() {
        String token = TestTokens.rs256(installClaims(INSTALLED), TestKeys.OTHER.getPrivate(), KID);
        assertEquals(AuthFailureReason.BAD_SIGNATURE, failure(installed(token)));
    }

    @Test
    void missingKidIsInvalidKid() {
        String token = TestTokens.rs256(installClaims(INSTALLED), TestKeys.INSTALL.getPrivate(), null);
        assertEquals(AuthFailureReason.INVALID_KID, failure(installed(token)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "%2F", "..", ".", "a b", "kid?x=1", "kid#frag", "ü", ""})
    void kidWithPathCharactersIsInvalidAndNeverReachesTheKeyServer(String kid) {
        String token = TestTokens.rs256(installClaims(INSTALLED), TestKeys.INSTALL.getPrivate(), kid);
        assertEquals(AuthFailureReason.INVALID_KID, failure(installed(token)));
        assertEquals(0, keyServer.totalHits());
    }

    @Test
    void kidLongerThan128CharactersIsInvalid() {
        String token = TestTokens.rs256(installClaims(INSTALLED), TestKeys.INSTALL.getPrivate(), "k".repeat(129));
        assertEquals(AuthFailureReason.INVALID_KID, failure(installed(token)));
    }

    @Test
    void unknownKidIsKeyUnavailableAndIsNegativelyCachedForAShortTime() {
        String token = TestTokens.rs256(installClaims(INSTALLED), TestKeys.INSTALL.getPrivate(), "unknown-kid");
        assertEquals(AuthFailureReason.KEY_UNAVAILABLE, failure(installed(token)));
        assertEquals(AuthFailureReason.KEY_UNAVAILABLE, failure(installed(token)));
        assertEquals(1, keyServer.hits("/unknown-kid"));

        clock.advance(CachingInstallKeyProvider.DEFAULT_NEGATIVE_TTL);
        assertEquals(AuthFailureReason.KEY_UNAVAILABLE, failure(installed(token)));
        assertEquals(2, keyServer.hits("/unknown-kid"));
    }

    @Test
    void keyServerThatNeverAnswersGivesKeyUnavailableQuicklyAndIsNotAskedAgainAtOnce() {
        keyServer.hang("/slow-kid");
        verifier = verifierWithReadTimeout(Duration.ofMillis(300));
        String token = TestTokens.rs256(installClaims(INSTALLED), TestKeys.INSTALL.getPrivate(), "slow-kid");

        long start = System.nanoTime();
        assertEquals(AuthFailureReason.KEY_UNAVAILABLE, failure(installed(token)));
        Duration firstCall = Duration.ofNanos(System.nanoTime() - start);

        start = System.nanoTime();
        assertEquals(AuthFailureReason.KEY_UNAVAILABLE, failure(installed(token)));
        Duration secondCall = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(firstCall.compareTo(Duration.ofSeconds(3)) < 0, "timed out after " + firstCall);
        assertTrue(secondCall.compareTo(Duration.ofMillis(100)) < 0, "negative cache answered in " + secondCall);
        assertEquals(1, keyServer.hits("/slow-kid"));
    }

    @Test
    void keyServerErrorIsKeyUnavailable() {
        keyServer.answer("/broken-kid", 500, "oops");
        String token = TestTokens.rs256(installClaims(INSTALLED), TestKeys.INSTALL.getPrivate(), "broken-kid");
        assertEquals(AuthFailureReason.KEY_UNAVAILABLE, failure(installed(token)));
    }

    @Test
    void unparseableKeyIsKeyUnavailable() {
        keyServer.answer("/garbage-kid", 200, "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n");
        String token = TestTokens.rs256(installClaims(INSTALLED), TestKeys.INSTALL.getPrivate(), "garbage-kid");
        assertEquals(AuthFailureReason.KEY_UNAVAILABLE, failure(installed(token)));
    }

    @Test
    void bearerTransportIsForgesAndTheWrongClassHere() {
        IncomingRequest request = IncomingRequest.of("POST", INSTALLED, null,
                "Bearer " + signed(installClaims(INSTALLED))).withBodyClientKey(TestTokens.CLIENT_KEY);
        assertEquals(AuthFailureReason.WRONG_CLASS, failure(request));
    }
}
