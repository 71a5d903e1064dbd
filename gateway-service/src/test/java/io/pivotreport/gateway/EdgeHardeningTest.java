package io.pivotreport.gateway;

import io.pivotreport.gateway.support.Gateway;
import io.pivotreport.gateway.support.GatewayTestEnvironment;
import io.pivotreport.gateway.support.Metrics;
import io.pivotreport.gateway.support.TestTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every answer must meet: TLS and HSTS, no caching, masked logs, size and rate limits, fast failure. */
@GatewayTest
class EdgeHardeningTest {

    @TestHTTPResource(value = "/atlassian-connect.json", tls = true)
    URL httpsDescriptor;

    @Test
    void tlsAnswersCarryHstsOfAtLeastAYearPlainOnesDoNot() {
        given().relaxedHTTPSValidation().get(httpsDescriptor).then()
                .statusCode(200)
                .header("Strict-Transport-Security", equalTo("max-age=31536000; includeSubDomains"));
        given().relaxedHTTPSValidation().get(httpsDescriptor.toString().replace("/atlassian-connect.json",
                "/api/reports")).then()
                .statusCode(401)
                .header("Strict-Transport-Security", equalTo("max-age=31536000; includeSubDomains"));
        given().get("/atlassian-connect.json").then().header("Strict-Transport-Security", nullValue());
    }

    @Test
    void onlyTls12AndTls13AreSpoken() throws Exception {
        int port = httpsDescriptor.getPort();
        assertTrue(handshake(port, "-tls1_3").contains("TLSv1.3"));
        assertTrue(handshake(port, "-tls1_2").contains("TLSv1.2"));
        String tls11 = handshake(port, "-tls1_1");
        assertFalse(tls11.contains("Protocol version: TLSv1.1"), tls11);
        String tls10 = handshake(port, "-tls1");
        assertFalse(tls10.contains("Protocol version: TLSv1\n"), tls10);
    }

    /** An openssl client that offers one protocol version (security level 0 so it is willing to offer old ones). */
    private static String handshake(int port, String version) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("openssl", "s_client", "-brief", "-connect", "127.0.0.1:" + port,
                version, "-cipher", "DEFAULT@SECLEVEL=0").redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "openssl finished");
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void apiAnswersAreNeverCached() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/reports").then()
                .statusCode(200).header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        given().get("/api/reports").then().statusCode(401).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void accessLogMasksTokensAndJwtParameters() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
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
        Logger access = Logger.getLogger("io.pivotreport.gateway.access");
        access.addHandler(capture);
        try {
            TestTenant tenant = TestTenant.random();
            Gateway.install(tenant).statusCode(204);
            String query = Gateway.signedPageQuery(tenant, "active");
            String pageToken = query.substring(query.indexOf("jwt=") + 4);
            given().urlEncodingEnabled(false).get("/pages/pivot-report?" + query).then().statusCode(200);
            String contextToken = tenant.contextToken();
            // refused (context tokens belong in the header), and still never written to the log
            given().urlEncodingEnabled(false).get("/api/license?jwt=" + contextToken).then().statusCode(401);

            org.awaitility.Awaitility.await().until(() -> {
                synchronized (lines) {
                    return lines.stream().anyMatch(l -> l.startsWith("GET /api/license"));
                }
            });
            synchronized (lines) {
                String all = String.join("\n", lines);
                assertTrue(all.contains("GET /pages/pivot-report?lic=active&"), all);
                // masked by the access log itself (***), and again by platform-logging's redaction if present
                assertTrue(all.contains("jwt=***") || all.contains("jwt=[REDACTED"), all);
                assertFalse(all.contains(pageToken), "page token masked");
                assertFalse(all.contains(contextToken), "context token masked");
                assertFalse(all.contains(tenant.sharedSecret()), "no secret");
            }
        } finally {
            access.removeHandler(capture);
        }
    }

    @Test
    void oversizedBodiesAreRefused() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        given().header("Authorization", "JWT " + tenant.contextToken()).contentType("application/json")
                .body("{\"name\":\"" + "x".repeat(400_000) + "\"}").post("/api/reports").then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pivotreport.io/problems/payload-too-large"))
                .header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void tenantOverItsRateLimitGets429WithRetryAfter() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        double before = Metrics.value(Metrics.scrape(), "pivot_rate_limit_hits_total", Map.of());
        Response limited = null;
        for (int i = 0; i < 200 && limited == null; i++) {
            Response response = given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license");
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                response.then().statusCode(200);
            }
        }
        assertTrue(limited != null, "the limit was reached");
        limited.then().contentType("application/problem+json").header("Retry-After", notNullValue());
        assertTrue(Metrics.value(Metrics.scrape(), "pivot_rate_limit_hits_total", Map.of())
                >= before + 1);
        // another tenant is not affected
        TestTenant other = Gateway.installLicensed(TestTenant.random());
        given().header("Authorization", "JWT " + other.contextToken()).get("/api/license").then().statusCode(200);
    }

    @Test
    void routesThatDeclareNoTokenClassAreRefusedWhateverTheToken() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/test-only/roles-but-no-token-class")
                .then().statusCode(401);
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/test-only/nothing-declared")
                .then().statusCode(anyOf(is(401), is(403)));
    }

    @Test
    void privateServiceThatIsDownGivesAFast503() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        GatewayTestEnvironment.Environment env = GatewayTestEnvironment.current();
        env.reportService().stop();
        try {
            long started = System.nanoTime();
            given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/reports").then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("type", containsString("unavailable"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 2_500, "answered in " + millis + " ms");
        } finally {
            env.reportService().start();
        }
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/reports").then().statusCode(200);
    }

    @Test
    void licenseServiceDownRefusesUnknownSitesWith503AndKnownOnesCarryOn() {
        TestTenant known = Gateway.installLicensed(TestTenant.random());
        given().header("Authorization", "JWT " + known.contextToken()).get("/api/reports").then().statusCode(200);
        TestTenant neverSeen = TestTenant.random();
        GatewayTestEnvironment.Environment env = GatewayTestEnvironment.current();
        env.licenseService().stop();
        try {
            long started = System.nanoTime();
            given().header("Authorization", "JWT " + neverSeen.contextToken()).get("/api/reports").then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
            assertTrue((System.nanoTime() - started) / 1_000_000 < 2_500, "answered fast");
            // the hot path: a cached tenant needs no look-up, its reports come from report-service
            given().header("Authorization", "JWT " + known.contextToken()).get("/api/reports").then()
                    .statusCode(200);
        } finally {
            env.licenseService().start();
        }
        given().header("Authorization", "JWT " + known.contextToken()).get("/api/license").then().statusCode(200);
    }

    @Test
    void metricsCountRequestsAndNeverNameATenant() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/reports").then().statusCode(200);
        given().get("/api/reports").then().statusCode(401);
        String tenantId = given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license")
                .then().statusCode(200).extract().path("tenantId");

        String exposition = Metrics.scrape();
        assertTrue(Metrics.value(exposition, "pivot_gateway_requests_total",
                Map.of("route_class", "api", "outcome", "ok")) >= 1);
        assertTrue(Metrics.value(exposition, "pivot_gateway_requests_total",
                Map.of("route_class", "api", "outcome", "unauthenticated")) >= 1);
        assertTrue(exposition.contains("pivot_auth_failures_total{"), "auth failures published");
        assertTrue(exposition.contains("pivot_rate_limit_hits_total"), "rate limit hits published");
        assertFalse(exposition.contains(tenantId), "no tenant id in any tag");
        assertFalse(exposition.contains(tenant.clientKey()), "no client key in any tag");
        assertFalse(exposition.contains(tenant.accountId()), "no account id in any tag");
    }

    @Test
    void healthIsOnTheManagementInterfaceOnly() {
        given().get(Metrics.managementUrl("/q/health/ready")).then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }
}
