package io.pivotreport.gateway;

import io.pivotreport.gateway.support.AtlassianTokens;
import io.pivotreport.gateway.support.Gateway;
import io.pivotreport.gateway.support.TestTenant;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

@GatewayTest
class PageTest {

    private static final String PAGE = "/pages/pivot-report";

    @Test
    void pageLoadWithTheFullQueryJiraSendsIsServed() {
        TestTenant tenant = TestTenant.random();
        Gateway.install(tenant).statusCode(204);
        String query = Gateway.signedPageQuery(tenant, "active");

        Response page = given().urlEncodingEnabled(false).get(PAGE + "?" + query);

        page.then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors " + tenant.baseUrl()))
                .header("Content-Security-Policy", containsString("script-src 'self' https://connect-cdn.atl-paas.net"))
                .header("Cache-Control", equalTo("no-store"))
                .body(containsString("https://connect-cdn.atl-paas.net/all.js"))
                .body(containsString("/assets/pivot-report.js"))
                .body(not(containsString("licence-notice")));
        String html = page.asString();
        String token = query.substring(query.indexOf("jwt=") + 4);
        assertFalse(html.contains(token), "the page embeds no token");
        assertFalse(html.contains(tenant.sharedSecret()), "the page embeds no secret");
        assertFalse(html.contains("<script>"), "no inline script");
    }

    @Test
    void parameterChangedAfterSigningIsRefused() {
        TestTenant tenant = TestTenant.random();
        Gateway.install(tenant).statusCode(204);
        String signed = Gateway.signedPageQuery(tenant, "none");

        given().urlEncodingEnabled(false).get(PAGE + "?" + signed.replace("lic=none", "lic=active")).then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("JWT realm=\"io.pivotreport.pivot-report\""))
                .contentType("application/problem+json");
        given().urlEncodingEnabled(false).get(PAGE + "?" + signed.replace("tz=Europe%2FZurich", "tz=UTC")).then()
                .statusCode(401);
        given().urlEncodingEnabled(false).get(PAGE + "?" + signed + "&extra=1").then()
                .statusCode(401);
    }

    @Test
    void unlicensedSiteSeesTheNoticeAndPaidFeaturesAnswer402() {
        TestTenant tenant = TestTenant.random();
        Gateway.install(tenant).statusCode(204);

        given().urlEncodingEnabled(false).get(PAGE + "?" + Gateway.signedPageQuery(tenant, "none")).then()
                .statusCode(200)
                .body(containsString("licence-notice"));

        // the page load recorded lic=none at license-service: the API reads it back
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then()
                .statusCode(200)
                .body("license.status", equalTo("none"));
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/reports").then()
                .statusCode(402)
                .contentType("application/problem+json")
                .body("type", containsString("license-required"));

        // a later page load with an active licence unlocks them
        given().urlEncodingEnabled(false).get(PAGE + "?" + Gateway.signedPageQuery(tenant, "active")).then()
                .statusCode(200);
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/reports").then()
                .statusCode(200);
        given().header("Authorization", "JWT " + tenant.contextToken()).get("/api/license").then()
                .statusCode(200)
                .body("license.status", equalTo("active"));
    }

    @Test
    void contextTokenDoesNotOpenThePage() {
        TestTenant tenant = TestTenant.random();
        Gateway.install(tenant).statusCode(204);
        given().urlEncodingEnabled(false).get(PAGE + "?lic=active&jwt=" + tenant.contextToken()).then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("JWT realm=\"io.pivotreport.pivot-report\""));
    }

    @Test
    void pageTokenIsBoundToThePagePath() {
        TestTenant tenant = TestTenant.random();
        Gateway.install(tenant).statusCode(204);
        String tokenForOtherPath = AtlassianTokens.host(tenant.clientKey(), tenant.accountId(),
                tenant.sharedSecret(), "GET", "/pages/other", "lic=active");
        given().urlEncodingEnabled(false).get(PAGE + "?lic=active&jwt=" + tokenForOtherPath).then()
                .statusCode(401);
    }
}
