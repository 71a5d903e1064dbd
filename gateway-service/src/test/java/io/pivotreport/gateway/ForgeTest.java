package io.pivotreport.gateway;

import io.pivotreport.gateway.support.ForgeInstallation;
import io.pivotreport.gateway.support.Gateway;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** Forge Remote: lifecycle events and the app API with Forge invocation tokens, tenant from the installation. */
@GatewayTest
class ForgeTest {

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void installedForgeAppUsesTheApiWithInvocationTokens() {
        ForgeInstallation installation = ForgeInstallation.random();
        as(installation.token()).get("/api/license").then().statusCode(403);

        Gateway.installForge(installation);

        as(installation.token()).get("/api/license").then().statusCode(200)
                .body("tenantId", notNullValue());
        String id = as(installation.token()).contentType(ContentType.JSON).body(Gateway.reportBody("From Forge"))
                .post("/api/reports").then().statusCode(201).extract().path("id");
        as(installation.token()).get("/api/reports").then().statusCode(200).body("items.id", hasItem(id));
        as(installation.token()).get("/api/reports/" + id).then().statusCode(200).body("name", equalTo("From Forge"));
        as(installation.token()).delete("/api/reports/" + id).then().statusCode(204);
    }

    @Test
    void forgeInvocationWithoutAnActiveLicenceIsRefusedPaidFeatures() {
        ForgeInstallation installation = Gateway.installForge(ForgeInstallation.random());
        as(installation.token(false)).get("/api/reports").then().statusCode(402)
                .contentType("application/problem+json");
        as(installation.token(null)).get("/api/reports").then().statusCode(402);
        as(installation.token(false)).get("/api/license").then().statusCode(200);
    }

    @Test
    void uninstalledForgeInstallationIsForbidden() {
        ForgeInstallation installation = Gateway.installForge(ForgeInstallation.random());
        as(installation.token()).get("/api/license").then().statusCode(200);

        as(installation.lifecycleToken()).contentType(ContentType.JSON)
                .body(Map.of("eventType", "avi:forge:uninstalled:app")).post("/forge/lifecycle")
                .then().statusCode(204);

        as(installation.token()).get("/api/license").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void forgeLifecycleBodyIsValidated() {
        ForgeInstallation installation = ForgeInstallation.random();
        as(installation.lifecycleToken()).contentType(ContentType.JSON)
                .body(Map.of("eventType", "avi:jira:created:issue")).post("/forge/lifecycle")
                .then().statusCode(400).body("errors.field", hasItem("/eventType"));
        as(installation.lifecycleToken()).contentType(ContentType.JSON).body("{\"eventType\":")
                .post("/forge/lifecycle").then().statusCode(400);
    }

    @Test
    void forgeTokenWithoutAUserCannotUseTheApi() {
        ForgeInstallation installation = Gateway.installForge(ForgeInstallation.random());
        as(installation.lifecycleToken()).get("/api/license").then().statusCode(403);
    }
}
