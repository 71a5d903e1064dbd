package io.pivotreport.gateway;

import io.pivotreport.gateway.support.AtlassianTokens;
import io.pivotreport.gateway.support.Gateway;
import io.pivotreport.gateway.support.GatewayTestEnvironment;
import io.pivotreport.gateway.support.Metrics;
import io.pivotreport.gateway.support.TestTenant;
import io.pivotreport.test.TestKeys;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@GatewayTest
class ConnectLifecycleTest {

    @Test
    void signedInstallStoresTheTenantAndItsSecretOpensTheApi() {
        TestTenant tenant = TestTenant.random();
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then().statusCode(401);

        Gateway.install(tenant).statusCode(204);

        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then()
                .statusCode(200)
                .body("state", equalTo("installed"));
    }

    @Test
    void installKeysAreFetchedFromTheKeyServerAndCachedByKid() {
        GatewayTestEnvironment.Environment env = GatewayTestEnvironment.current();
        Gateway.install(TestTenant.random()).statusCode(204);
        int hits = env.keys().installKeyHits();
        Gateway.install(TestTenant.random()).statusCode(204);
        Gateway.install(TestTenant.random()).statusCode(204);
        assertTrue(hits >= 1, "the key came from the local key server");
        assertTrue(env.keys().installKeyHits() == hits, "a known kid is not fetched again");
    }

    @Test
    void siteOutsideTheAllowedHostsIsForbidden() {
        TestTenant foreign = TestTenant.random().withBaseUrl("https://jira.evil.example.com");
        Gateway.install(foreign).statusCode(403)
                .contentType("application/problem+json")
                .body("type", containsString("host-not-allowed"));
        given().header("Authorization", "JWT " + foreign.contextToken()).get("/api/license").then().statusCode(401);
    }

    @Test
    void installBodyIsValidatedStrictlyWithFieldPaths() {
        TestTenant tenant = TestTenant.random();
        Map<String, Object> unknownField = new LinkedHashMap<>(tenant.lifecycleBody("installed"));
        unknownField.put("favouriteColour", "blue");
        Gateway.lifecycle(tenant, "installed", unknownField).statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("/favouriteColour"));

        Map<String, Object> httpBase = new LinkedHashMap<>(tenant.lifecycleBody("installed"));
        httpBase.put("baseUrl", "http://" + tenant.baseUrl().substring("https://".length()));
        Gateway.lifecycle(tenant, "installed", httpBase).statusCode(400)
                .body("errors.field", hasItem("/baseUrl"));

        Map<String, Object> noSecret = new LinkedHashMap<>(tenant.lifecycleBody("installed"));
        noSecret.remove("sharedSecret");
        Gateway.lifecycle(tenant, "installed", noSecret).statusCode(400)
                .body("errors.field", hasItem("/sharedSecret"));

        Map<String, Object> otherApp = new LinkedHashMap<>(tenant.lifecycleBody("installed"));
        otherApp.put("key", "com.example.other-app");
        Gateway.lifecycle(tenant, "installed", otherApp).statusCode(400)
                .body("errors.field", hasItem("/key"));

        Map<String, Object> wrongEvent = new LinkedHashMap<>(tenant.lifecycleBody("installed"));
        wrongEvent.put("eventType", "uninstalled");
        Gateway.lifecycle(tenant, "installed", wrongEvent).statusCode(400)
                .body("errors.field", hasItem("/eventType"));

        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then().statusCode(401);
    }

    @Test
    void lifecycleCallbackWithoutJsonContentTypeIsUnsupportedMediaType() throws Exception {
        TestTenant tenant = TestTenant.random();
        String path = "/lifecycle/installed";
        String token = AtlassianTokens.signedInstall(tenant.clientKey(), GatewayTestEnvironment.BASE_URL,
                GatewayTestEnvironment.current().installKeys().getPrivate(), GatewayTestEnvironment.INSTALL_KID,
                "POST", path);
        String body = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(tenant.lifecycleBody("installed"));
        java.net.http.HttpResponse<String> answer = io.pivotreport.gateway.support.RawHttp.send("POST", path,
                Map.of("Authorization", "JWT " + token, "Content-Type", "*/*"), body);
        assertEquals(415, answer.statusCode());
        assertTrue(answer.body().contains("unsupported-media-type"));
        // nothing was installed: the tenant's context token opens nothing
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then().statusCode(401);
    }

    @Test
    void oversizedLifecycleBodyIsRefusedBeforeVerification() {
        TestTenant tenant = TestTenant.random();
        Map<String, Object> huge = new LinkedHashMap<>(tenant.lifecycleBody("installed"));
        huge.put("description", "x".repeat(20_000));
        Gateway.lifecycle(tenant, "installed", huge).statusCode(413).contentType("application/problem+json");
    }

    @Test
    void installSignedWithAnUnknownKeyOrForAnotherAppIsUnauthenticated() {
        TestTenant tenant = TestTenant.random();
        String unknownKid = AtlassianTokens.signedInstall(tenant.clientKey(), GatewayTestEnvironment.BASE_URL,
                TestKeys.newRsaKeyPair().getPrivate(), "no-such-kid", "POST", "/lifecycle/installed");
        post("/lifecycle/installed", unknownKid, tenant.lifecycleBody("installed")).statusCode(401)
                .header("WWW-Authenticate", equalTo("JWT realm=\"io.pivotreport.pivot-report\""));

        String forgedWithKnownKid = AtlassianTokens.signedInstall(tenant.clientKey(), GatewayTestEnvironment.BASE_URL,
                TestKeys.newRsaKeyPair().getPrivate(), GatewayTestEnvironment.INSTALL_KID, "POST",
                "/lifecycle/installed");
        post("/lifecycle/installed", forgedWithKnownKid, tenant.lifecycleBody("installed")).statusCode(401);

        String otherAudience = AtlassianTokens.signedInstall(tenant.clientKey(), "https://other-app.example.com",
                GatewayTestEnvironment.current().installKeys().getPrivate(), GatewayTestEnvironment.INSTALL_KID,
                "POST", "/lifecycle/installed");
        post("/lifecycle/installed", otherAudience, tenant.lifecycleBody("installed")).statusCode(401);

        String otherIssuer = AtlassianTokens.signedInstall("jira:someone-else", GatewayTestEnvironment.BASE_URL,
                GatewayTestEnvironment.current().installKeys().getPrivate(), GatewayTestEnvironment.INSTALL_KID,
                "POST", "/lifecycle/installed");
        post("/lifecycle/installed", otherIssuer, tenant.lifecycleBody("installed")).statusCode(401);

        String forUninstall = AtlassianTokens.signedInstall(tenant.clientKey(), GatewayTestEnvironment.BASE_URL,
                GatewayTestEnvironment.current().installKeys().getPrivate(), GatewayTestEnvironment.INSTALL_KID,
                "POST", "/lifecycle/uninstalled");
        post("/lifecycle/installed", forUninstall, tenant.lifecycleBody("installed")).statusCode(401);

        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then().statusCode(401);
    }

    @Test
    void contextTokenOnALifecycleRouteIsUnauthenticated() {
        TestTenant tenant = TestTenant.random();
        Gateway.install(tenant).statusCode(204);
        for (String event : new String[] {"installed", "uninstalled", "enabled", "disabled"}) {
            post("/lifecycle/" + event, tenant.contextToken(), tenant.lifecycleBody(event)).statusCode(401)
                    .header("WWW-Authenticate", equalTo("JWT realm=\"io.pivotreport.pivot-report\""))
                    .contentType("application/problem+json");
        }
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then().statusCode(200);
    }

    @Test
    void disabledSiteIsForbiddenUntilEnabledAgain() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());

        Gateway.lifecycle(tenant, "disabled", tenant.lifecycleBody("disabled"), 1).statusCode(204);
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/reports").then()
                .statusCode(403)
                .contentType("application/problem+json");

        Gateway.lifecycle(tenant, "enabled", tenant.lifecycleBody("enabled"), 2).statusCode(204);
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/reports").then().statusCode(200);
    }

    @Test
    void enabledCallbackForAnotherTenantsBodyIsForbidden() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        TestTenant other = Gateway.installLicensed(TestTenant.random());
        String token = AtlassianTokens.host(tenant.clientKey(), null, tenant.sharedSecret(), "POST",
                "/lifecycle/disabled", null);
        post("/lifecycle/disabled", token, other.lifecycleBody("disabled")).statusCode(403);
        given().header("Authorization", "JWT " + other.contextToken()).get("/api/reports").then().statusCode(200);
    }

    @Test
    void uninstalledSiteIsUnknownAtOnce() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then().statusCode(200);

        Gateway.uninstall(tenant).statusCode(204);

        // the cached secret was dropped with the forwarded event: no wait for the cache TTL
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then().statusCode(401);
    }

    @Test
    void knownTenantIsServedWithoutAnyRemoteLookup() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then().statusCode(200);
        double lookups = Metrics.value(Metrics.scrape(), "pivot_gateway_tenant_lookups_total", Map.of("kind", "connect"));
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/reports").then().statusCode(200);
        }
        assertEquals(lookups, Metrics.value(Metrics.scrape(), "pivot_gateway_tenant_lookups_total",
                Map.of("kind", "connect")), "the secret came from the cache");
    }

    @Test
    void installCallbacksAreTimedWithAHistogram() {
        Gateway.install(TestTenant.random()).statusCode(204);
        String exposition = Metrics.scrape();
        assertTrue(Metrics.value(exposition, "pivot_install_callback_seconds_count",
                Map.of("event", "installed", "outcome", "success")) >= 1, exposition);
        assertTrue(exposition.contains("pivot_install_callback_seconds_bucket{"), "histogram buckets are published");
    }

    private static io.restassured.response.ValidatableResponse post(String path, String token, Object body) {
        return given().header("Authorization", "JWT " + token).contentType(ContentType.JSON).body(body)
                .when().post(path).then();
    }
}
