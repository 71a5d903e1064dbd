package io.pivotreport.gateway;

import io.pivotreport.gateway.support.GatewayTestEnvironment;
import io.pivotreport.test.InternalTokens;
import io.pivotreport.test.TestKeys;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * The private services refuse a caller that is not the gateway: no token, a token signed with another key, a valid
 * token minted for another service, an expired one (policy P10, defence in depth behind the gateway).
 */
@GatewayTest
class PrivateServicesDirectAccessTest {

    private static String license() {
        return GatewayTestEnvironment.current().licenseService().baseUrl().toString();
    }

    private static String report() {
        return GatewayTestEnvironment.current().reportService().baseUrl().toString();
    }

    @Test
    void reportServiceRefusesCallsWithoutTheGatewaysToken() {
        String tenant = UUID.randomUUID().toString();
        given().get(report() + "/reports").then().statusCode(401);
        String forged = InternalTokens.mintWith(TestKeys.newRsaKeyPair().getPrivate(), "pivot-gateway",
                "report-service", tenant, "557058:x", Set.of("app-user"), Duration.ofSeconds(60));
        given().header("Authorization", "Bearer " + forged).get(report() + "/reports").then().statusCode(401);
        String otherIssuer = InternalTokens.mint("someone-else", "report-service", tenant, "557058:x",
                Set.of("app-user"), Duration.ofSeconds(60));
        given().header("Authorization", "Bearer " + otherIssuer).get(report() + "/reports").then().statusCode(401);
        String expired = InternalTokens.mint("pivot-gateway", "report-service", tenant, "557058:x",
                Set.of("app-user"), Duration.ofSeconds(-120));
        given().header("Authorization", "Bearer " + expired).get(report() + "/reports").then().statusCode(401);
        String forLicense = InternalTokens.mint("pivot-gateway", "license-service", tenant, "557058:x",
                Set.of("app-user"), Duration.ofSeconds(60));
        given().header("Authorization", "Bearer " + forLicense).get(report() + "/reports").then().statusCode(403);
    }

    @Test
    void licenseServiceRefusesCallsWithoutTheGatewaysToken() {
        given().get(license() + "/internal/tenants/connect/jira:x/verification").then().statusCode(401);
        String forged = InternalTokens.mintWith(TestKeys.newRsaKeyPair().getPrivate(), "pivot-gateway",
                "license-service", null, null, Set.of("gateway"), Duration.ofSeconds(60));
        given().header("Authorization", "Bearer " + forged)
                .get(license() + "/internal/tenants/connect/jira:x/verification").then().statusCode(401);
        String userToken = InternalTokens.mint("pivot-gateway", "license-service", UUID.randomUUID().toString(),
                "557058:x", Set.of("app-user"), Duration.ofSeconds(60));
        given().header("Authorization", "Bearer " + userToken)
                .get(license() + "/internal/tenants/connect/jira:x/verification").then().statusCode(403);
        String forReport = InternalTokens.mint("pivot-gateway", "report-service", null, null, Set.of("gateway"),
                Duration.ofSeconds(60));
        given().header("Authorization", "Bearer " + forReport)
                .get(license() + "/internal/tenants/connect/jira:x/verification").then().statusCode(403);
    }
}
