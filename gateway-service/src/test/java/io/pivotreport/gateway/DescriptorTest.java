package io.pivotreport.gateway;

import io.pivotreport.gateway.support.GatewayTestEnvironment;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasEntry;

@GatewayTest
class DescriptorTest {

    @Test
    void descriptorIsPublicAndDescribesTheAppFromConfiguration() {
        given().get("/atlassian-connect.json").then()
                .statusCode(200)
                .contentType("application/json")
                .body("key", equalTo(GatewayTestEnvironment.APP_KEY))
                .body("baseUrl", equalTo(GatewayTestEnvironment.BASE_URL))
                .body("authentication.type", equalTo("jwt"))
                .body("apiMigrations", hasEntry("signed-install", true))
                .body("apiMigrations", hasEntry("context-qsh", true))
                .body("enableLicensing", equalTo(true))
                .body("scopes", contains("READ"))
                .body("lifecycle.installed", equalTo("/lifecycle/installed"))
                .body("lifecycle.uninstalled", equalTo("/lifecycle/uninstalled"))
                .body("lifecycle.enabled", equalTo("/lifecycle/enabled"))
                .body("lifecycle.disabled", equalTo("/lifecycle/disabled"))
                .body("modules.generalPages[0].url", equalTo("/pages/pivot-report"))
                .body("modules.generalPages[0].key", equalTo("pivot-report"));
    }
}
