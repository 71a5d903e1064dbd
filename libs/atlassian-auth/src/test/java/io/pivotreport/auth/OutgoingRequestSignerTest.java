package io.pivotreport.auth;

import static io.pivotreport.auth.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutgoingRequestSignerTest {
    private static final String APP_KEY = "io.pivotreport.jira";
    private static final URI JIRA = URI.create("https://tenant.atlassian.net");
    private static final URI REPORT_ACCOUNTS = URI.create("https://tenant.atlassian.net/app/report-accounts/");

    private final MutableClock clock = MutableClock.at(NOW);
    private final OutgoingRequestSigner signer = new OutgoingRequestSigner(APP_KEY, clock);

    private static String tokenOf(String header) {
        assertTrue(header.startsWith("JWT "), "Authorization header value uses the JWT scheme");
        return header.substring("JWT ".length());
    }

    @Test
    void personalDataReportingCallIsSignedWithAppKeyQshAnd180SecondLifetime() throws Exception {
        String header = signer.authorizationHeader("POST", REPORT_ACCOUNTS, JIRA, TestTokens.SECRET);
        String token = tokenOf(header);

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(new HmacKey(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)));
        assertTrue(jws.verifySignature());
        assertEquals("HS256", jws.getAlgorithmHeaderValue());

        Map<String, Object> claims = TestTokens.decodeClaims(token);
        assertEquals(APP_KEY, claims.get("iss"));
        assertEquals(NOW, ((Number) claims.get("iat")).longValue());
        assertEquals(NOW + 180, ((Number) claims.get("exp")).longValue());
        assertEquals(CanonicalRequest.qsh("POST&/app/report-accounts&"), claims.get("qsh"));
    }

    @Test
    void qshCoversTheQueryOfTheOutgoingRequest() {
        URI search = URI.create("https://tenant.atlassian.net/rest/api/3/search?jql=project%20%3D%20PR&maxResults=50");
        String token = tokenOf(signer.authorizationHeader("get", search, JIRA, TestTokens.SECRET));
        assertEquals(CanonicalRequest.qsh("GET&/rest/api/3/search&jql=project%20%3D%20PR&maxResults=50"),
                TestTokens.decodeClaims(token).get("qsh"));
    }

    @Test
    void productBaseUrlWithAContextPathIsRemovedFromTheQshPath() {
        URI base = URI.create("https://server.example.com/jira");
        URI url = URI.create("https://server.example.com/jira/rest/api/2/myself");
        String token = tokenOf(signer.authorizationHeader("GET", url, base, TestTokens.SECRET));
        assertEquals(CanonicalRequest.qsh("GET&/rest/api/2/myself&"), TestTokens.decodeClaims(token).get("qsh"));
    }

    @Test
    void signedTokenRoundTripsThroughOurOwnHostVerifier() throws AuthException {
        URI url = URI.create("https://tenant.atlassian.net/rest/api/3/issue/PR-1?expand=names");
        String header = signer.authorizationHeader("GET", url, JIRA, TestTokens.SECRET);
        HostTokenVerifier verifier = new HostTokenVerifier(
                AuthSettings.builder(JIRA).build(),
                clientKey -> APP_KEY.equals(clientKey) ? Optional.of(TestTokens.SECRET) : Optional.empty(),
                clock);

        VerifiedConnectToken verified = verifier.verify(
                IncomingRequest.of("GET", url.getRawPath(), url.getRawQuery(), header));

        assertEquals(APP_KEY, verified.clientKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example.com/app/report-accounts/",
            "http://tenant.atlassian.net/app/report-accounts/",
            "https://tenant.atlassian.net:8443/app/report-accounts/",
            "https://tenant.atlassian.net.evil.example.com/app/report-accounts/"})
    void refusesToSignForAnotherHostSoTheTenantTokenNeverLeaves(String url) {
        assertThrows(IllegalArgumentException.class,
                () -> signer.authorizationHeader("POST", URI.create(url), JIRA, TestTokens.SECRET));
    }

    @Test
    void refusesAPathOutsideTheProductBasePath() {
        URI base = URI.create("https://server.example.com/jira");
        assertThrows(IllegalArgumentException.class, () -> signer.authorizationHeader("GET",
                URI.create("https://server.example.com/jira-other/rest"), base, TestTokens.SECRET));
    }

    @Test
    void refusesAUrlThatAlreadyCarriesAJwtParameter() {
        assertThrows(IllegalArgumentException.class, () -> signer.authorizationHeader("GET",
                URI.create("https://tenant.atlassian.net/rest?jwt=abc"), JIRA, TestTokens.SECRET));
    }

    @Test
    void tooShortSecretIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> signer.authorizationHeader("POST", REPORT_ACCOUNTS, JIRA, "short-secret"));
        assertFalse(e.getMessage().contains("short-secret"));
    }
}
