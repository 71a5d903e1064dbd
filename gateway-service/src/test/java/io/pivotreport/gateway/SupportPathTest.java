package io.pivotreport.gateway;

import io.pivotreport.gateway.support.ForgeInstallation;
import io.pivotreport.gateway.support.Gateway;
import io.pivotreport.gateway.support.GatewayTestEnvironment;
import io.pivotreport.gateway.support.Metrics;
import io.pivotreport.gateway.support.SupportStandIn;
import io.pivotreport.gateway.support.SupportTokens;
import io.pivotreport.gateway.support.TestTenant;
import io.pivotreport.test.TestKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audited support path: support tokens only on {@code GET /support/tenants/{tenantId}/...}, a stated reason, and
 * forwarding with an internal token of role {@code support}. analytics-service's route is played by a stand-in that
 * records the internal token; license-service and report-service are the real packaged services.
 */
@GatewayTest
class SupportPathTest {

    private static final String REASON = "Customer ticket: pivot report of board 42 times out";

    private static RequestSpecification support(String token) {
        return given().header("Authorization", "Bearer " + token).header("X-Support-Reason", REASON);
    }

    private static String dailyPath(String tenantId) {
        return "/support/tenants/" + tenantId + "/analytics/daily?from=2026-11-01&to=2026-11-27";
    }

    @Test
    void validTokenAndReasonAreForwardedWithTheSupportClaimsAndAudited() throws Exception {
        String engineer = SupportTokens.newEngineer();
        String tenantId = UUID.randomUUID().toString();
        List<String> audit = new ArrayList<>();
        Handler capture = capture(audit);
        Logger auditLogger = Logger.getLogger("io.pivotreport.audit.support-request");
        auditLogger.addHandler(capture);
        double before = Metrics.value(Metrics.scrape(), "pivot_support_requests_total",
                Map.of("route", "analytics_daily", "outcome", "ok"));
        try {
            support(SupportTokens.valid(engineer)).header("X-Support-Ticket", "PRS-1234").get(dailyPath(tenantId))
                    .then().statusCode(200)
                    .header("Cache-Control", equalTo("no-store"))
                    .body("standIn", equalTo(true));
        } finally {
            auditLogger.removeHandler(capture);
        }

        SupportStandIn.Received received = GatewayTestEnvironment.current().analyticsStandIn()
                .last("/support/tenants/" + tenantId);
        assertNotNull(received, "forwarded to analytics-service");
        assertEquals("/support/tenants/" + tenantId + "/daily", received.path());
        assertEquals("from=2026-11-01&to=2026-11-27", received.query());
        assertEquals(1, received.authorization().size());
        String internal = received.authorization().get(0).substring("Bearer ".length());
        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKey(TestKeys.publicKey())
                .setExpectedIssuer("pivot-gateway")
                .setExpectedAudience("analytics-service")
                .setRequireExpirationTime()
                .build()
                .processToClaims(internal);
        assertEquals(List.of("support"), claims.getStringListClaimValue("groups"));
        assertEquals(tenantId, claims.getClaimValueAsString("tenant"));
        assertEquals(engineer, claims.getSubject());
        assertEquals(REASON, claims.getClaimValueAsString("support_reason"));
        assertEquals("PRS-1234", claims.getClaimValueAsString("support_ticket"));
        assertFalse(claims.hasClaim("account"), "no user is acting");
        assertTrue(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue() <= 60);
        assertNotNull(claims.getJwtId());

        assertTrue(Metrics.value(Metrics.scrape(), "pivot_support_requests_total",
                Map.of("route", "analytics_daily", "outcome", "ok")) >= before + 1);
        synchronized (audit) {
            assertTrue(audit.stream().anyMatch(line -> line.contains("engineer=" + engineer)
                    && line.contains("tenant=" + tenantId)
                    && line.contains("route=/support/tenants/{tenantId}/analytics/daily")
                    && line.contains("status=200") && line.contains("ticket=PRS-1234")), String.join("\n", audit));
            assertTrue(audit.stream().noneMatch(line -> line.contains(REASON)), "the reason is not logged");
        }
    }

    @Test
    void withoutATicketNoTicketClaimIsSent() throws Exception {
        String tenantId = UUID.randomUUID().toString();
        support(SupportTokens.valid(SupportTokens.newEngineer())).get(dailyPath(tenantId)).then().statusCode(200);
        String internal = GatewayTestEnvironment.current().analyticsStandIn().last("/support/tenants/" + tenantId)
                .authorization().get(0).substring("Bearer ".length());
        JwtClaims claims = new JwtConsumerBuilder().setVerificationKey(TestKeys.publicKey())
                .setExpectedAudience("analytics-service").build().processToClaims(internal);
        assertNull(claims.getClaimValue("support_ticket"));
    }

    @Test
    void licenseAndReportRoutesReachTheRealPrivateServices() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        String tenantId = given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license")
                .then().statusCode(200).extract().path("tenantId");
        String token = SupportTokens.valid(SupportTokens.newEngineer());
        // 200 once the private service has its support route, its own 404 before that: never the gateway's refusal
        for (String path : List.of("/license", "/reports?page=0&size=5", "/reports/" + UUID.randomUUID())) {
            support(token).get("/support/tenants/" + tenantId + path).then()
                    .statusCode(anyOf(is(200), is(404)))
                    .header("Cache-Control", equalTo("no-store"));
        }
    }

    @Test
    void noTokenIsUnauthenticatedBeforeTheReasonIsLookedAt() {
        given().get(dailyPath(UUID.randomUUID().toString())).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"pivot-support\""));
    }

    @Test
    void atlassianTokensAreUnauthenticatedOnSupportRoutes() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        String path = dailyPath(UUID.randomUUID().toString());
        given().header("Authorization", "JWT " + tenant.contextToken()).header("X-Support-Reason", REASON).get(path)
                .then().statusCode(401);
        ForgeInstallation forge = Gateway.installForge(ForgeInstallation.random());
        given().header("Authorization", "Bearer " + forge.token()).header("X-Support-Reason", REASON).get(path)
                .then().statusCode(401);
    }

    @Test
    void supportTokenIsUnauthenticatedOnAppAndLifecycleRoutes() {
        String token = SupportTokens.valid(SupportTokens.newEngineer());
        given().header("Authorization", "Bearer " + token).get("/api/reports").then().statusCode(401);
        given().header("Authorization", "Bearer " + token).get("/api/license").then().statusCode(401);
        given().header("Authorization", "Bearer " + token).contentType("application/json").body("{}")
                .post("/api/events").then().statusCode(401);
        given().header("Authorization", "Bearer " + token).contentType("application/json").body("{}")
                .post("/lifecycle/enabled").then().statusCode(401);
        given().header("Authorization", "Bearer " + token).contentType("application/json").body("{}")
                .post("/forge/lifecycle").then().statusCode(401);
    }

    @Test
    void supportTokensThatAreNotExactlyRightAreRefused() {
        String engineer = SupportTokens.newEngineer();
        String path = dailyPath(UUID.randomUUID().toString());
        long now = System.currentTimeMillis() / 1000;
        double before = Metrics.value(Metrics.scrape(), "pivot_auth_failures_total", Map.of("token_class", "support"));

        JwtClaims wrongIssuer = SupportTokens.claims(engineer);
        wrongIssuer.setIssuer("pivot-gateway");
        JwtClaims wrongAudience = SupportTokens.claims(engineer);
        wrongAudience.setAudience("report-service");
        JwtClaims expired = SupportTokens.claims(engineer);
        expired.setIssuedAt(NumericDate.fromSeconds(now - 900));
        expired.setExpirationTime(NumericDate.fromSeconds(now - 120));
        JwtClaims longLived = SupportTokens.claims(engineer);
        longLived.setExpirationTime(NumericDate.fromSeconds(now + 3600));
        JwtClaims noIssuedAt = SupportTokens.claims(engineer);
        noIssuedAt.unsetClaim("iat");
        JwtClaims emailEngineer = SupportTokens.claims("jane.doe@example.com");

        for (String token : List.of(SupportTokens.sign(wrongIssuer), SupportTokens.sign(wrongAudience),
                SupportTokens.sign(expired), SupportTokens.sign(longLived), SupportTokens.sign(noIssuedAt),
                SupportTokens.sign(emailEngineer),
                SupportTokens.signWith(TestKeys.newRsaKeyPair().getPrivate(), SupportTokens.claims(engineer)),
                // the gateway's own internal-token key is not the support issuer's
                SupportTokens.signWith(TestKeys.privateKey(), SupportTokens.claims(engineer)))) {
            support(token).get(path).then().statusCode(401).contentType("application/problem+json");
        }
        // a valid token in the URL is refused too
        given().urlEncodingEnabled(false).header("X-Support-Reason", REASON)
                .get(path + "&jwt=" + SupportTokens.valid(engineer)).then().statusCode(401);
        assertTrue(Metrics.value(Metrics.scrape(), "pivot_auth_failures_total", Map.of("token_class", "support"))
                >= before + 9);

        JwtClaims noSupportGroup = SupportTokens.claims(engineer);
        noSupportGroup.setStringListClaim("groups", List.of("app-user"));
        support(SupportTokens.sign(noSupportGroup)).get(path).then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void missingShortOrPrivateDataBearingReasonIsRefusedWithoutEchoingIt() {
        String token = SupportTokens.valid(SupportTokens.newEngineer());
        String tenantId = UUID.randomUUID().toString();
        String path = dailyPath(tenantId);
        given().header("Authorization", "Bearer " + token).get(path).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pivotreport.io/problems/support-reason-required"));
        String jwtLike = SupportTokens.valid("someone");
        for (String reason : List.of("   ", "too short", "  short   ", "x".repeat(501),
                "Asked by jane.doe@example.com about board 42", "Token was " + jwtLike + " for this user")) {
            Response answer = given().header("Authorization", "Bearer " + token).header("X-Support-Reason", reason)
                    .get(path);
            answer.then().statusCode(400)
                    .body("type", equalTo("https://pivotreport.io/problems/support-reason-required"))
                    .body(not(containsString("jane.doe")));
            assertFalse(answer.asString().contains(jwtLike));
        }
        support(token).header("X-Support-Ticket", "see ticket 12").get(path).then().statusCode(400)
                .body("type", equalTo("https://pivotreport.io/problems/support-ticket-invalid"));
        assertNull(GatewayTestEnvironment.current().analyticsStandIn().last("/support/tenants/" + tenantId),
                "nothing was forwarded");
    }

    @Test
    void onlyGetIsAllowedAnywhereUnderSupport() {
        String token = SupportTokens.valid(SupportTokens.newEngineer());
        String tenantPath = "/support/tenants/" + UUID.randomUUID();
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            for (String path : List.of(tenantPath + "/license", tenantPath + "/reports/abc", "/support/anything")) {
                support(token).contentType("application/json").body("{}").request(method, path).then()
                        .statusCode(405)
                        .header("Allow", equalTo("GET"))
                        .header("Cache-Control", equalTo("no-store"))
                        .contentType("application/problem+json");
            }
        }
    }

    @Test
    void tenantThatIsNotAUuidIsABadRequest() {
        support(SupportTokens.valid(SupportTokens.newEngineer())).get("/support/tenants/not-a-uuid/license").then()
                .statusCode(400).contentType("application/problem+json");
        support(SupportTokens.valid(SupportTokens.newEngineer()))
                .get("/support/tenants/" + UUID.randomUUID() + "/analytics/daily?from=yesterday").then()
                .statusCode(400);
    }

    @Test
    void privateServiceFailureIsABadGatewayProblem() {
        support(SupportTokens.valid(SupportTokens.newEngineer())).get(dailyPath(SupportStandIn.FAILING_TENANT)).then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pivotreport.io/problems/bad-gateway"))
                .body(not(containsString("internal error")));
    }

    @Test
    void oneEngineerIsRateLimitedOthersAreNot() {
        String token = SupportTokens.valid(SupportTokens.newEngineer());
        String path = dailyPath(UUID.randomUUID().toString());
        Response limited = null;
        for (int i = 0; i < 100 && limited == null; i++) {
            Response answer = support(token).get(path);
            if (answer.statusCode() == 429) {
                limited = answer;
            } else {
                answer.then().statusCode(200);
            }
        }
        assertNotNull(limited, "the per-engineer limit was reached");
        limited.then().contentType("application/problem+json").header("Retry-After", not(equalTo(null)));
        support(SupportTokens.valid(SupportTokens.newEngineer())).get(path).then().statusCode(200);
    }

    private static Handler capture(List<String> lines) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                        : record.getMessage();
                synchronized (lines) {
                    lines.add(message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
