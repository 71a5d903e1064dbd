package io.pivotreport.gateway;

import io.pivotreport.gateway.support.Gateway;
import io.pivotreport.gateway.support.RawHttp;
import io.pivotreport.gateway.support.TestTenant;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every app API route with valid tokens, answered by the real private service behind the gateway. */
@GatewayTest
class AppApiTest {

    private static RequestSpecification as(TestTenant tenant) {
        return given().header("Authorization", "JWT " + tenant.contextToken());
    }

    @Test
    void everyReportRouteReachesReportServiceAsTheVerifiedUser() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());

        Response created = as(tenant).contentType(ContentType.JSON).body(Gateway.reportBody("Sprint load"))
                .post("/api/reports");
        created.then().statusCode(201)
                .header("Location", matchesPattern("/api/reports/[0-9a-f-]{36}"))
                .header("ETag", notNullValue())
                .header("Cache-Control", equalTo("no-store"))
                .body("name", equalTo("Sprint load"))
                .body("ownerAccountId", equalTo(tenant.accountId()));
        String id = created.path("id");
        String etag = created.header("ETag");

        as(tenant).get("/api/reports").then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .body("items.id", hasItem(id));
        as(tenant).get("/api/reports?page=0&size=5").then().statusCode(200).body("size", equalTo(5));
        as(tenant).get("/api/reports/" + id).then().statusCode(200).body("name", equalTo("Sprint load"));

        as(tenant).contentType(ContentType.JSON).header("If-Match", etag).body(Gateway.reportBody("Sprint load v2"))
                .put("/api/reports/" + id).then().statusCode(200).body("name", equalTo("Sprint load v2"));

        as(tenant).delete("/api/reports/" + id).then().statusCode(204);
        as(tenant).get("/api/reports/" + id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void licenseRouteAnswersFromLicenseService() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        as(tenant).get("/api/license").then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .body("tenantId", notNullValue())
                .body("state", equalTo("installed"))
                .body("license.status", equalTo("active"));
    }

    @Test
    void anotherTenantsReportIsNotFoundAndNeverItsData() {
        TestTenant owner = Gateway.installLicensed(TestTenant.random());
        TestTenant stranger = Gateway.installLicensed(TestTenant.random());
        String id = as(owner).contentType(ContentType.JSON).body(Gateway.reportBody("Owner only"))
                .post("/api/reports").then().statusCode(201).extract().path("id");

        String read = as(stranger).get("/api/reports/" + id).then().statusCode(404).extract().asString();
        assertFalse(read.contains("Owner only"));
        as(stranger).contentType(ContentType.JSON).body(Gateway.reportBody("Hijacked")).put("/api/reports/" + id)
                .then().statusCode(404);
        as(stranger).delete("/api/reports/" + id).then().statusCode(404);
        as(stranger).get("/api/reports").then().statusCode(200).body("items.id", not(hasItem(id)));

        as(owner).get("/api/reports/" + id).then().statusCode(200).body("name", equalTo("Owner only"));
    }

    @Test
    void anotherUsersPrivateReportOfTheSameSiteIsNotFound() {
        TestTenant alice = Gateway.installLicensed(TestTenant.random());
        TestTenant bob = alice.withAccount("557058:bob-" + System.nanoTime());
        String id = as(alice).contentType(ContentType.JSON).body(Gateway.reportBody("Alice private"))
                .post("/api/reports").then().statusCode(201).extract().path("id");
        as(bob).get("/api/reports/" + id).then().statusCode(404);
    }

    @Test
    void requestsAreValidatedAtTheEdge() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        as(tenant).get("/api/reports?size=1000").then().statusCode(400).contentType("application/problem+json");
        as(tenant).urlEncodingEnabled(false).get("/api/reports/..%2F..%2Finternal").then()
                .statusCode(anyOf(is(400), is(404)));
        as(tenant).contentType(ContentType.JSON).body("{\"name\":").post("/api/reports").then().statusCode(400)
                .contentType("application/problem+json");
        as(tenant).contentType(ContentType.JSON).body("{\"a\":1,\"a\":2}").post("/api/reports").then()
                .statusCode(400);
        as(tenant).contentType(ContentType.JSON).body(Map.of("name", "x".repeat(70_000))).post("/api/reports")
                .then().statusCode(413);
        // report-service's own validation answers with field paths through the gateway
        as(tenant).contentType(ContentType.JSON).body(Map.of("name", "No source")).post("/api/reports").then()
                .statusCode(400).body("errors", notNullValue());
    }

    @Test
    void bodyWithoutJsonContentTypeIsUnsupportedMediaTypeAndNothingIsStored() throws Exception {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        String body = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(Gateway.reportBody("Never stored"));
        String id = as(tenant).contentType(ContentType.JSON).body(Gateway.reportBody("Existing"))
                .post("/api/reports").then().statusCode(201).extract().path("id");

        for (String contentType : new String[] {null, "*/*", "text/plain", "application/x-www-form-urlencoded",
                "application/json; charset=iso-8859-1", "application/jsonp"}) {
            Map<String, String> headers = new HashMap<>();
            headers.put("Authorization", "JWT " + tenant.contextToken());
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            for (String[] route : new String[][] {{"POST", "/api/reports"}, {"PUT", "/api/reports/" + id}}) {
                HttpResponse<String> answer = RawHttp.send(route[0], route[1], headers, body);
                assertEquals(415, answer.statusCode(), route[0] + " " + route[1] + " with " + contentType);
                assertEquals("application/problem+json",
                        answer.headers().firstValue("Content-Type").orElse(""), "problem for " + contentType);
                assertTrue(answer.body().contains("/problems/unsupported-media-type"), answer.body());
            }
        }
        as(tenant).get("/api/reports").then().statusCode(200).body("items.name", not(hasItem("Never stored")));
        // parameters are fine as long as the body is UTF-8 JSON
        as(tenant).contentType("application/json; charset=UTF-8").body(body).post("/api/reports").then()
                .statusCode(201);
    }

    @Test
    void noTokenIsUnauthenticatedBeforeTheMediaTypeIsJudged() {
        HttpResponse<String> answer = RawHttp.send("POST", "/api/reports", Map.of("Content-Type", "*/*"), "{}");
        assertEquals(401, answer.statusCode());
    }
}
