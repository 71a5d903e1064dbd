package io.pivotreport.auth;

import static io.pivotreport.auth.Fixtures.ACCOUNT_ID;
import static io.pivotreport.auth.Fixtures.NOW;
import static io.pivotreport.auth.Fixtures.hostClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostTokenVerifierTest {
    private static final String PATH = "/app/webhook/issue-updated";
    private static final String QUERY = "issueId=10001&projectKey=PR";

    private final MutableClock clock = MutableClock.at(NOW);
    private final HostTokenVerifier verifier = new HostTokenVerifier(Fixtures.settings().build(), Fixtures.SECRETS,
            clock);

    private static String token(Map<String, Object> claims) {
        return TestTokens.hs256(claims, TestTokens.SECRET);
    }

    private AuthFailureReason failure(IncomingRequest request) {
        return assertThrows(AuthException.class, () -> verifier.verify(request)).reason();
    }

    @Test
    void acceptsTokenInAuthorizationHeaderAndMapsItsClaims() throws AuthException {
        String token = token(hostClaims("POST", PATH, QUERY));

        VerifiedConnectToken verified = verifier.verify(IncomingRequest.of("POST", PATH, QUERY, "JWT " + token));

        assertEquals(TokenClass.HOST, verified.tokenClass());
        assertEquals(TestTokens.CLIENT_KEY, verified.clientKey());
        assertEquals(ACCOUNT_ID, verified.accountId());
        assertEquals(Instant.ofEpochSecond(NOW), verified.issuedAt());
        assertEquals(Instant.ofEpochSecond(NOW + 180), verified.expiresAt());
        assertEquals(Map.of("issue", Map.of("key", "PR-1")), verified.context().get("jira"));
    }

    @Test
    void acceptsTokenInJwtQueryParameterWhichIsLeftOutOfTheQsh() throws AuthException {
        String token = token(hostClaims("GET", PATH, QUERY));

        VerifiedConnectToken verified =
                verifier.verify(IncomingRequest.of("GET", PATH, QUERY + "&jwt=" + token, null));

        assertEquals(TestTokens.CLIENT_KEY, verified.clientKey());
    }

    @Test
    void tokenWithoutSubHasNullAccountAndEmptyContext() throws AuthException {
        Map<String, Object> claims = hostClaims("POST", PATH, null);
        claims.remove("sub");
        claims.remove("context");

        VerifiedConnectToken verified =
                verifier.verify(IncomingRequest.of("POST", PATH, null, "JWT " + token(claims)));

        assertNull(verified.accountId());
        assertEquals(Map.of(), verified.context());
    }

    @Test
    void contextClaimIsReadOnly() throws AuthException {
        VerifiedConnectToken verified = verifier.verify(
                IncomingRequest.of("POST", PATH, null, "JWT " + token(hostClaims("POST", PATH, null))));

        assertThrows(UnsupportedOperationException.class, () -> verified.context().put("x", 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> jira = (Map<String, Object>) verified.context().get("jira");
        assertThrows(UnsupportedOperationException.class, () -> jira.put("x", 1));
    }

    @Test
    void qshIsBoundToMethodPathAndQuery() {
        String token = "JWT " + token(hostClaims("POST", PATH, QUERY));
        assertEquals(AuthFailureReason.QSH_MISMATCH, failure(IncomingRequest.of("PUT", PATH, QUERY, token)));
        assertEquals(AuthFailureReason.QSH_MISMATCH,
                failure(IncomingRequest.of("POST", "/app/webhook/other", QUERY, token)));
        assertEquals(AuthFailureReason.QSH_MISMATCH,
                failure(IncomingRequest.of("POST", PATH, "issueId=10002&projectKey=PR", token)));
    }

    @Test
    void tokenWithoutQshIsQshMismatch() {
        Map<String, Object> claims = hostClaims("POST", PATH, null);
        claims.remove("qsh");
        assertEquals(AuthFailureReason.QSH_MISMATCH,
                failure(IncomingRequest.of("POST", PATH, null, "JWT " + token(claims))));
    }

    @ParameterizedTest(name = "exp {0}s from now with leeway 30s: {1}")
    @CsvSource({"-29, ok", "-30, expired", "-31, expired", "1, ok"})
    void expiryHonoursTheDefaultLeewayOf30Seconds(long expOffset, String outcome) throws AuthException {
        Map<String, Object> claims = hostClaims("POST", PATH, null);
        claims.put("iat", NOW - 600);
        claims.put("exp", NOW + expOffset);
        IncomingRequest request = IncomingRequest.of("POST", PATH, null, "JWT " + token(claims));
        if ("ok".equals(outcome)) {
            verifier.verify(request);
        } else {
            assertEquals(AuthFailureReason.EXPIRED, failure(request));
        }
    }

    @ParameterizedTest(name = "iat {0}s from now with leeway 30s: {1}")
    @CsvSource({"30, ok", "31, not_yet_valid"})
    void issuedAtInTheFutureHonoursTheLeeway(long iatOffset, String outcome) throws AuthException {
        Map<String, Object> claims = hostClaims("POST", PATH, null);
        claims.put("iat", NOW + iatOffset);
        IncomingRequest request = IncomingRequest.of("POST", PATH, null, "JWT " + token(claims));
        if ("ok".equals(outcome)) {
            verifier.verify(request);
        } else {
            assertEquals(AuthFailureReason.NOT_YET_VALID, failure(request));
        }
    }

    @Test
    void leewayIsConfigurable() {
        HostTokenVerifier strict = new HostTokenVerifier(Fixtures.settings().leeway(Duration.ZERO).build(),
                Fixtures.SECRETS, clock);
        Map<String, Object> claims = hostClaims("POST", PATH, null);
        claims.put("exp", NOW - 1);
        IncomingRequest request = IncomingRequest.of("POST", PATH, null, "JWT " + token(claims));
        assertEquals(AuthFailureReason.EXPIRED,
                assertThrows(AuthException.class, () -> strict.verify(request)).reason());
    }

    @Test
    void theClockDecidesExpiryNotTheSystemTime() throws AuthException {
        IncomingRequest request = IncomingRequest.of("POST", PATH, null,
                "JWT " + token(hostClaims("POST", PATH, null)));
        verifier.verify(request);
        clock.advance(Duration.ofSeconds(180 + 30));
        assertEquals(AuthFailureReason.EXPIRED, failure(request));
    }

    @Test
    void notBeforeInTheFutureIsNotYetValid() {
        Map<String, Object> claims = hostClaims("POST", PATH, null);
        claims.put("nbf", NOW + 60);
        assertEquals(AuthFailureReason.NOT_YET_VALID,
                failure(IncomingRequest.of("POST", PATH, null, "JWT " + token(claims))));
    }

    @ParameterizedTest
    @CsvSource({"exp", "iat", "iss"})
    void missingRequiredClaimIsMalformed(String claim) {
        Map<String, Object> claims = hostClaims("POST", PATH, null);
        claims.remove(claim);
        assertEquals(AuthFailureReason.MALFORMED,
                failure(IncomingRequest.of("POST", PATH, null, "JWT " + token(claims))));
    }

    @Test
    void nonNumericTimeClaimIsMalformed() {
        Map<String, Object> claims = hostClaims("POST", PATH, null);
        claims.put("exp", String.valueOf(NOW + 180));
        assertEquals(AuthFailureReason.MALFORMED,
                failure(IncomingRequest.of("POST", PATH, null, "JWT " + token(claims))));
    }

    @Test
    void fractionalTimeClaimsAreNumericDates() throws AuthException {
        Map<String, Object> claims = hostClaims("POST", PATH, null);
        claims.put("exp", NOW + 180.5);
        VerifiedConnectToken verified =
                verifier.verify(IncomingRequest.of("POST", PATH, null, "JWT " + token(claims)));
        assertEquals(Instant.ofEpochMilli((NOW + 180) * 1000 + 500), verified.expiresAt());
    }

    @Test
    void basePathComesFromTheAppBaseUrlByDefault() throws AuthException {
        // qsh of a request to /app/x is computed over "/x".
        Map<String, Object> claims = hostClaims("GET", "/app/x", null);
        assertEquals(CanonicalRequest.qsh("GET&/x&"), claims.get("qsh"));
        verifier.verify(IncomingRequest.of("GET", "/app/x", null, "JWT " + token(claims)));
    }

    @Test
    void explicitBasePathOverridesTheAppBaseUrlPath() throws AuthException {
        HostTokenVerifier rootVerifier = new HostTokenVerifier(Fixtures.settings().basePath("/").build(),
                Fixtures.SECRETS, clock);
        Map<String, Object> claims = hostClaims("GET", "/app/x", null);
        claims.put("qsh", CanonicalRequest.qsh("GET&/app/x&"));
        rootVerifier.verify(IncomingRequest.of("GET", "/app/x", null, "JWT " + token(claims)));
    }
}
