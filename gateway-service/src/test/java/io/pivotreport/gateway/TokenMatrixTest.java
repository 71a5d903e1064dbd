package io.pivotreport.gateway;

import io.pivotreport.gateway.support.AtlassianTokens;
import io.pivotreport.gateway.support.ForgeInstallation;
import io.pivotreport.gateway.support.Gateway;
import io.pivotreport.gateway.support.GatewayTestEnvironment;
import io.pivotreport.gateway.support.Metrics;
import io.pivotreport.gateway.support.TestTenant;
import io.pivotreport.test.TestKeys;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every class of bad token against the app API and the other routes: 401, problem+json, the route's challenge, and the
 * refusal counted under the token core's reason.
 */
@GatewayTest
class TokenMatrixTest {

    private static final String JWT_CHALLENGE = "JWT realm=\"io.pivotreport.pivot-report\"";
    private static final String BEARER_CHALLENGE = "Bearer realm=\"io.pivotreport.pivot-report\"";

    private TestTenant tenant;

    @BeforeEach
    void installedTenant() {
        tenant = Gateway.installLicensed(TestTenant.random());
    }

    private void refused(String tokenClass, String reason, List<String> challenges,
                         Function<RequestSpecification, Response> call) {
        double before = failures(tokenClass, reason);
        Response response = call.apply(given().urlEncodingEnabled(false));
        response.then().statusCode(401).contentType("application/problem+json");
        Headers headers = response.getHeaders();
        assertEquals(challenges, headers.getList("WWW-Authenticate").stream().map(Header::getValue).toList());
        assertTrue(failures(tokenClass, reason) >= before + 1, "counted as " + tokenClass + "/" + reason);
    }

    private void refusedOnApi(String tokenClass, String reason, Function<RequestSpecification, Response> call) {
        refused(tokenClass, reason, List.of(JWT_CHALLENGE, BEARER_CHALLENGE), call);
    }

    private double failures(String tokenClass, String reason) {
        return Metrics.value(Metrics.scrape(), "pivot_auth_failures_total",
                Map.of("token_class", tokenClass, "reason", reason));
    }

    private JwtClaims contextClaims(Duration ttl) {
        JwtClaims claims = AtlassianTokens.claims(tenant.clientKey(), tenant.accountId(), ttl);
        claims.setClaim("qsh", "context-qsh");
        return claims;
    }

    @Test
    void missingToken() {
        refusedOnApi("context", "missing", r -> r.get("/api/reports"));
    }

    @Test
    void expiredContextToken() {
        String expired = AtlassianTokens.hs256(contextClaims(Duration.ofMinutes(-5)), tenant.sharedSecret());
        refusedOnApi("context", "expired", r -> r.header("Authorization", "JWT " + expired).get("/api/reports"));
    }

    @Test
    void contextTokenIssuedInTheFuture() {
        JwtClaims claims = contextClaims(Duration.ofMinutes(10));
        claims.setClaim("iat", System.currentTimeMillis() / 1000 + 300);
        String early = AtlassianTokens.hs256(claims, tenant.sharedSecret());
        refusedOnApi("context", "not_yet_valid", r -> r.header("Authorization", "JWT " + early).get("/api/reports"));
    }

    @Test
    void contextTokenSignedWithAnotherSecret() {
        String forged = AtlassianTokens.hs256(contextClaims(Duration.ofMinutes(3)),
                TestTenant.random().sharedSecret());
        refusedOnApi("context", "bad_signature", r -> r.header("Authorization", "JWT " + forged).get("/api/license"));
    }

    @Test
    void unsignedToken() {
        String none = AtlassianTokens.unsigned(contextClaims(Duration.ofMinutes(3)));
        refusedOnApi("context", "algorithm_not_allowed",
                r -> r.header("Authorization", "JWT " + none).get("/api/reports"));
    }

    @Test
    void unexpectedAlgorithm() {
        String hs512 = AtlassianTokens.sign(contextClaims(Duration.ofMinutes(3)), "HS512",
                new org.jose4j.keys.HmacKey((tenant.sharedSecret() + tenant.sharedSecret()).getBytes()), null);
        refusedOnApi("context", "algorithm_not_allowed",
                r -> r.header("Authorization", "JWT " + hs512).get("/api/reports"));
    }

    @Test
    void issuerThatIsNoTenant() {
        TestTenant stranger = TestTenant.random();
        refusedOnApi("context", "unknown_issuer",
                r -> r.header("Authorization", "JWT " + stranger.contextToken()).get("/api/reports"));
    }

    @Test
    void requestBoundHostTokenOnTheApi() {
        String host = AtlassianTokens.host(tenant.clientKey(), tenant.accountId(), tenant.sharedSecret(), "GET",
                "/api/reports", null);
        refusedOnApi("context", "wrong_class", r -> r.header("Authorization", "JWT " + host).get("/api/reports"));
    }

    @Test
    void twoDifferentTokens() {
        String other = tenant.contextToken();
        String first = AtlassianTokens.context(tenant.clientKey(), "557058:someone-else", tenant.sharedSecret());
        refusedOnApi("context", "multiple_tokens",
                r -> r.header("Authorization", "JWT " + first).get("/api/reports?jwt=" + other));
    }

    @Test
    void contextTokenInTheUrl() {
        String token = tenant.contextToken();
        refusedOnApi("context", "wrong_class", r -> r.get("/api/reports?jwt=" + token));
        refusedOnApi("context", "wrong_class",
                r -> r.header("Authorization", "JWT " + token).get("/api/reports?jwt=" + token));
    }

    @Test
    void garbageToken() {
        refusedOnApi("context", "malformed", r -> r.header("Authorization", "JWT not-a-token").get("/api/reports"));
        refusedOnApi("context", "malformed", r -> r.header("Authorization", "Basic dXNlcjpwYXNz").get("/api/reports"));
    }

    @Test
    void oversizedToken() {
        String huge = "a".repeat(9000) + ".b.c";
        refusedOnApi("context", "too_large", r -> r.header("Authorization", "JWT " + huge).get("/api/reports"));
    }

    @Test
    void forgeTokenWithTheWrongAudience() {
        ForgeInstallation installation = Gateway.installForge(ForgeInstallation.random());
        String wrongAudience = AtlassianTokens.forge(GatewayTestEnvironment.FORGE_APP_ARI,
                "ari:cloud:ecosystem::app/another-app", installation.installationId(), installation.cloudId(),
                installation.accountId(), true, GatewayTestEnvironment.current().forgeKeys().getPrivate(),
                GatewayTestEnvironment.FORGE_KID);
        refusedOnApi("forge_invocation", "wrong_audience",
                r -> r.header("Authorization", "Bearer " + wrongAudience).get("/api/license"));
    }

    @Test
    void forgeTokenSignedWithAKeyForgeDoesNotPublish() {
        ForgeInstallation installation = Gateway.installForge(ForgeInstallation.random());
        String forged = AtlassianTokens.forge(GatewayTestEnvironment.FORGE_APP_ARI,
                GatewayTestEnvironment.FORGE_APP_ARI, installation.installationId(), installation.cloudId(),
                installation.accountId(), true, TestKeys.newRsaKeyPair().getPrivate(), GatewayTestEnvironment.FORGE_KID);
        refusedOnApi("forge_invocation", "bad_signature",
                r -> r.header("Authorization", "Bearer " + forged).get("/api/license"));
        String unknownKid = AtlassianTokens.forge(GatewayTestEnvironment.FORGE_APP_ARI,
                GatewayTestEnvironment.FORGE_APP_ARI, installation.installationId(), installation.cloudId(),
                installation.accountId(), true, TestKeys.newRsaKeyPair().getPrivate(), "rotated-away");
        refusedOnApi("forge_invocation", "key_unavailable",
                r -> r.header("Authorization", "Bearer " + unknownKid).get("/api/license"));
    }

    @Test
    void connectTokenAsBearerOnTheApi() {
        refusedOnApi("forge_invocation", "algorithm_not_allowed",
                r -> r.header("Authorization", "Bearer " + tenant.contextToken()).get("/api/license"));
    }

    @Test
    void forgeTokenOnConnectOnlyRoutes() {
        ForgeInstallation installation = Gateway.installForge(ForgeInstallation.random());
        refused("host", "wrong_class", List.of(JWT_CHALLENGE),
                r -> r.header("Authorization", "Bearer " + installation.token()).get("/pages/pivot-report?lic=active"));
        refused("signed_install", "wrong_class", List.of(JWT_CHALLENGE),
                r -> r.header("Authorization", "Bearer " + installation.token()).contentType("application/json")
                        .body(tenant.lifecycleBody("installed")).post("/lifecycle/installed"));
    }

    @Test
    void connectTokenOnTheForgeLifecycleRoute() {
        refused("forge_invocation", "wrong_class", List.of(BEARER_CHALLENGE),
                r -> r.header("Authorization", "JWT " + tenant.contextToken()).contentType("application/json")
                        .body(Map.of("eventType", "avi:forge:installed:app")).post("/forge/lifecycle"));
    }

    @Test
    void tokenOfOneTenantCannotBeReplayedAfterUninstall() {
        String token = tenant.contextToken();
        Gateway.uninstall(tenant).statusCode(204);
        refusedOnApi("context", "unknown_issuer", r -> r.header("Authorization", "JWT " + token).get("/api/reports"));
    }
}
