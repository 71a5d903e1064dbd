package io.pivotreport.license;

import io.pivotreport.license.support.Api;
import io.pivotreport.license.support.Metrics;
import io.pivotreport.license.support.TestTopics;
import io.pivotreport.test.RestartableKafkaResource;
import io.pivotreport.platform.security.InternalTokenDenials;
import io.pivotreport.platform.security.Roles;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.InternalTokens;
import io.pivotreport.test.PostgresTestResource;
import io.pivotreport.test.TestKeys;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.pivotreport.license.support.Api.AUDIENCE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Calls straight to the private service, as an attacker inside the network would (policy P10). */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(value = RestartableKafkaResource.class,
        initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = TestTopics.ALL))
@WithTestResource(InternalJwtTestResource.class)
class InternalTokenDenialTest {

    private static final String METRIC = InternalTokenDenials.METRIC;
    private static final UUID TENANT = UUID.randomUUID();
    private static final Map<String, Object> CONNECT_BODY = Map.of("event", "uninstalled", "issuedAt", 1_700_000_000L,
            "clientKey", "client-denial-test");

    private record Route(String method, String path, Object body) {
    }

    /** Every route of the service, each with a body it would accept. */
    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/internal/lifecycle/connect", CONNECT_BODY),
            new Route("POST", "/internal/lifecycle/forge", Map.of("event", "uninstalled", "issuedAt", 1_700_000_000L,
                    "installationId", "ari:cloud:ecosystem::installation/denial-test")),
            new Route("GET", "/internal/tenants/connect/client-denial-test/verification", null),
            new Route("GET", "/internal/tenants/forge/denial-test", null),
            new Route("POST", "/internal/license-checks", Map.of("lic", "active", "source", "page")),
            new Route("GET", "/internal/license", null));

    private static double denials(String reason) {
        return Metrics.value(METRIC, "reason", reason);
    }

    private static ValidatableResponse call(Route route, String token) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (route.body() != null) {
            request.body(route.body());
        }
        return request.request(route.method(), route.path()).then();
    }

    private static ValidatableResponse connect(String token) {
        return call(ROUTES.get(0), token);
    }

    private static String token(String issuer, String audience, Set<String> roles, Duration ttl) {
        return Api.token(issuer, audience, TENANT.toString(), null, roles, ttl);
    }

    @Test
    void everyRouteAnswersACallWithoutATokenWith401AndCountsIt() {
        double before = denials("missing");
        for (Route route : ROUTES) {
            call(route, null).statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("status", equalTo(401))
                    .body("instance", equalTo(route.path()));
        }
        assertEquals(before + ROUTES.size(), denials("missing"));
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401AndCounted() {
        double before = denials("invalid");
        String forged = InternalTokens.mintWith(TestKeys.newRsaKeyPair().getPrivate(), InternalTokens.GATEWAY_ISSUER,
                AUDIENCE, TENANT.toString(), null, Set.of(Roles.GATEWAY), Duration.ofSeconds(60));
        connect(forged).statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        assertEquals(before + 1, denials("invalid"));
    }

    @Test
    void anExpiredTokenIs401AndCounted() {
        double before = denials("invalid");
        String expired = token(InternalTokens.GATEWAY_ISSUER, AUDIENCE, Set.of(Roles.GATEWAY), Duration.ofMinutes(-5));
        connect(expired).statusCode(401).contentType("application/problem+json");
        assertEquals(before + 1, denials("invalid"));
    }

    @Test
    void aTokenFromAnotherIssuerIs401AndCounted() {
        double before = denials("invalid");
        connect(token("pivot-support", AUDIENCE, Set.of(Roles.GATEWAY), Duration.ofSeconds(60))).statusCode(401)
                .contentType("application/problem+json");
        assertEquals(before + 1, denials("invalid"));
    }

    @Test
    void aTokenLivingLongerThanSixtySecondsIs401() {
        double before = denials("invalid");
        connect(token(InternalTokens.GATEWAY_ISSUER, AUDIENCE, Set.of(Roles.GATEWAY), Duration.ofHours(1)))
                .statusCode(401).contentType("application/problem+json");
        assertEquals(before + 1, denials("invalid"));
    }

    @Test
    void aValidTokenForAnotherServiceIs403AndCounted() {
        double before = denials("wrong_audience");
        String forReports = token(InternalTokens.GATEWAY_ISSUER, "report-service", Set.of(Roles.GATEWAY, Roles.APP_USER),
                Duration.ofSeconds(60));
        for (Route route : ROUTES) {
            call(route, forReports).statusCode(403).contentType("application/problem+json")
                    .body("status", equalTo(403));
        }
        assertEquals(before + ROUTES.size(), denials("wrong_audience"));
    }

    @Test
    void aTokenWithTheWrongRoleIs403AndCounted() {
        double before = denials("forbidden");
        String appUser = token(InternalTokens.GATEWAY_ISSUER, AUDIENCE, Set.of(Roles.APP_USER), Duration.ofSeconds(60));
        String gateway = token(InternalTokens.GATEWAY_ISSUER, AUDIENCE, Set.of(Roles.GATEWAY), Duration.ofSeconds(60));
        String support = token(InternalTokens.GATEWAY_ISSUER, AUDIENCE, Set.of(Roles.SUPPORT), Duration.ofSeconds(60));
        int refused = 0;
        for (Route route : ROUTES) {
            boolean userRoute = route.path().equals("/internal/license");
            // the secret lookup and the lifecycle never open to a user's call, the licence state never to the gateway
            call(route, userRoute ? gateway : appUser).statusCode(403).contentType("application/problem+json")
                    .body("detail", not(containsString("Exception")));
            call(route, support).statusCode(403).contentType("application/problem+json");
            refused += 2;
        }
        assertEquals(before + refused, denials("forbidden"));
    }
}
