package io.pivotreport.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.platform.security.InternalTokenDenials;
import io.pivotreport.platform.security.Roles;
import io.pivotreport.test.InternalTokens;
import io.pivotreport.test.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.pivotreport.report.Api.AUDIENCE;
import static io.pivotreport.report.Api.PROBLEM_BASE;
import static io.pivotreport.report.Api.PROBLEM_JSON;
import static io.pivotreport.report.Api.newAccount;
import static io.pivotreport.report.Api.newTenant;
import static io.pivotreport.report.Api.report;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * report-service is private and trusts nothing but the gateway's internal token: every route refuses a missing or
 * invalid token with 401 and a valid token that is not meant for it, or not for a user of a tenant, with 403.
 */
@QuarkusTest
class InternalTokenTest {

    private static final Duration TTL = Duration.ofSeconds(60);

    @Inject
    MeterRegistry registry;

    private final String tenant = newTenant();
    private final String account = newAccount();
    private String existingId;

    @BeforeEach
    void createAReportToAimAt() {
        existingId = Api.create(tenant, account, report("Guarded"));
    }

    @Test
    void everyRouteRefusesACallWithoutAToken() {
        double before = denials("missing");
        forEveryRoute(request -> request, 401, "unauthenticated");
        assertEquals(before + routes().size(), denials("missing"));
    }

    @Test
    void everyRouteRefusesAForgedExpiredOrForeignIssuerToken() {
        double before = denials("invalid");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("forged signature", InternalTokens.mintWith(TestKeys.newRsaKeyPair().getPrivate(),
                InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant, account, Set.of(Roles.APP_USER), TTL));
        tokens.put("expired", InternalTokens.mint(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant, account,
                Set.of(Roles.APP_USER), Duration.ofSeconds(-120)));
        tokens.put("other issuer", InternalTokens.mint("someone-else", AUDIENCE, tenant, account,
                Set.of(Roles.APP_USER), TTL));
        tokens.put("issued too long ago", tooOld());
        tokens.put("alg none", unsigned());
        tokens.put("not a jwt", "definitely-not-a-token");
        for (String token : tokens.values()) {
            forEveryRoute(request -> request.header("Authorization", "Bearer " + token), 401, "unauthenticated");
        }
        assertEquals(before + (double) tokens.size() * routes().size(), denials("invalid"));
        Api.get(tenant, account, existingId).statusCode(200).body("name", equalTo("Guarded"));
    }

    @Test
    void everyRouteRefusesATokenMintedForAnotherService() {
        double before = denials("wrong_audience");
        String token = InternalTokens.mint(InternalTokens.GATEWAY_ISSUER, "analytics-service", tenant, account,
                Set.of(Roles.APP_USER), TTL);
        forEveryRoute(request -> request.header("Authorization", "Bearer " + token), 403, "wrong-audience");
        assertEquals(before + routes().size(), denials("wrong_audience"));
    }

    @Test
    void everyRouteRefusesAValidTokenWithoutTheAppUserRole() {
        double before = denials("forbidden");
        for (String role : Set.of(Roles.GATEWAY, Roles.SUPPORT)) {
            String token = InternalTokens.mint(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant, account,
                    Set.of(role), TTL);
            forEveryRoute(request -> request.header("Authorization", "Bearer " + token), 403, "forbidden");
        }
        assertEquals(before + 2.0 * routes().size(), denials("forbidden"));
        Api.get(tenant, account, existingId).statusCode(200).body("version", equalTo(0));
    }

    @Test
    void everyRouteRefusesATokenThatNamesNoTenantOrNoUser() {
        String noTenant = InternalTokens.mint(InternalTokens.GATEWAY_ISSUER, AUDIENCE, null, account,
                Set.of(Roles.APP_USER), TTL);
        // A tenant-level token as the conventions define it: no account claim, sub = "gateway".
        JwtClaims tenantLevel = InternalTokens.claims(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant, null,
                Set.of(Roles.APP_USER), TTL);
        tenantLevel.setSubject("gateway");
        String noAccount = InternalTokens.sign(TestKeys.privateKey(), tenantLevel);
        forEveryRoute(request -> request.header("Authorization", "Bearer " + noTenant), 403, "forbidden");
        forEveryRoute(request -> request.header("Authorization", "Bearer " + noAccount), 403, "forbidden");
        Api.get(tenant, account, existingId).statusCode(200).body("name", equalTo("Guarded"));
    }

    private void forEveryRoute(Function<RequestSpecification, RequestSpecification> auth, int status, String type) {
        for (Map.Entry<String, Function<RequestSpecification, Response>> route : routes().entrySet()) {
            Response response = route.getValue().apply(auth.apply(given().contentType(ContentType.JSON)));
            response.then().statusCode(status).contentType(PROBLEM_JSON).body("type", equalTo(PROBLEM_BASE + type));
        }
    }

    private Map<String, Function<RequestSpecification, Response>> routes() {
        Map<String, Object> update = report("Changed");
        update.put("version", 0);
        Map<String, Function<RequestSpecification, Response>> routes = new LinkedHashMap<>();
        routes.put("list", request -> request.get("/reports"));
        routes.put("read", request -> request.get("/reports/{id}", existingId));
        routes.put("create", request -> request.body(report("Intruder")).post("/reports"));
        routes.put("update", request -> request.body(update).put("/reports/{id}", existingId));
        routes.put("delete", request -> request.delete("/reports/{id}", existingId));
        return routes;
    }

    private double denials(String reason) {
        return registry.get(InternalTokenDenials.METRIC).tag("reason", reason).counter().count();
    }

    /** Still unexpired, but issued two minutes ago: the internal token lives at most 60 seconds. */
    private String tooOld() {
        JwtClaims claims = InternalTokens.claims(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant, account,
                Set.of(Roles.APP_USER), TTL);
        claims.setIssuedAt(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 120));
        return InternalTokens.sign(TestKeys.privateKey(), claims);
    }

    private String unsigned() {
        JwtClaims claims = InternalTokens.claims(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant, account,
                Set.of(Roles.APP_USER), TTL);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
