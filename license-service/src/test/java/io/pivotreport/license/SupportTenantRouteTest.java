package io.pivotreport.license;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.license.support.Api;
import io.pivotreport.license.support.MovableClock;
import io.pivotreport.license.support.TestTopics;
import io.pivotreport.test.RestartableKafkaResource;
import io.pivotreport.license.support.Sql;
import io.pivotreport.platform.security.Roles;
import io.pivotreport.platform.security.SupportClaims;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.InternalTokens;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.pivotreport.license.support.Api.install;
import static io.pivotreport.license.support.Api.newBaseUrl;
import static io.pivotreport.license.support.Api.newClientKey;
import static io.pivotreport.license.support.Api.newSecret;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(value = RestartableKafkaResource.class,
        initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = TestTopics.ALL))
@WithTestResource(InternalJwtTestResource.class)
class SupportTenantRouteTest {

    private static final String REASON = "Customer reports the licence banner is wrong";

    @Inject
    AgroalDataSource ds;

    @Inject
    MovableClock clock;

    /** The internal token the gateway forwards a support call with (sub = engineer, reason and ticket claims). */
    private static String supportToken(String tenant, String engineer, String reason, String ticket) {
        JwtClaims claims = InternalTokens.claims(InternalTokens.GATEWAY_ISSUER, Api.AUDIENCE, tenant, null,
                Set.of(Roles.SUPPORT), Duration.ofSeconds(60));
        claims.setSubject(engineer);
        if (reason != null) {
            claims.setClaim(SupportClaims.REASON_CLAIM, reason);
        }
        if (ticket != null) {
            claims.setClaim(SupportClaims.TICKET_CLAIM, ticket);
        }
        return InternalTokens.sign(Api.signingKey(), claims);
    }

    private long auditRows(String tenant) {
        return Sql.count(ds, "SELECT count(*) FROM support_access_audit WHERE tenant_id = ?", tenant);
    }

    @Test
    void anAuditedReadShowsTheTenantAndWritesExactlyOneAuditRow() {
        String clientKey = newClientKey();
        String secret = newSecret();
        UUID tenant = install(clientKey, newBaseUrl(), secret, clock.instant().getEpochSecond());
        String engineer = "eng-" + UUID.randomUUID().toString().substring(0, 8);

        String body = Api.as(supportToken(tenant.toString(), engineer, REASON, "PRS-1234"))
                .get("/support/tenant").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tenantId", equalTo(tenant.toString()))
                .body("platform", equalTo("connect"))
                .body("state", equalTo("installed"))
                .body("clientKey", equalTo(clientKey))
                .body("license.status", equalTo("unknown"))
                .body("installedAt", notNullValue())
                .body("accountsHeld", equalTo(0))
                .body("history.kind", hasItem("installed"))
                .extract().asString();
        assertFalse(body.contains(secret), "never the shared secret");
        for (String material : List.of("sharedSecret", "ciphertext", "nonce", "secretKeyId", "secret_key_id")) {
            assertFalse(body.contains(material), "no secret material: " + material);
        }

        List<Map<String, Object>> rows = Sql.rows(ds, "SELECT engineer, reason, ticket, resource, record_count, "
                + "array_to_string(record_ids, ',') AS ids, token_id FROM support_access_audit WHERE tenant_id = ?",
                tenant.toString());
        assertEquals(1, rows.size());
        Map<String, Object> row = rows.get(0);
        assertEquals(engineer, row.get("engineer"));
        assertEquals(REASON, row.get("reason"));
        assertEquals("PRS-1234", row.get("ticket"));
        assertEquals("tenant", row.get("resource"));
        assertEquals(1, row.get("record_count"));
        assertEquals(tenant.toString(), row.get("ids"));
        assertTrue(row.get("token_id") != null);
    }

    @Test
    void lookingForAnUnknownTenantIsAuditedToo() {
        String unknown = UUID.randomUUID().toString();
        Api.as(supportToken(unknown, "eng-404", REASON, null)).get("/support/tenant").then().statusCode(404)
                .contentType("application/problem+json");
        assertEquals(1, auditRows(unknown));
    }

    @Test
    void aSupportTokenWithoutAReasonIsRefusedAndLeavesNoRow() {
        UUID tenant = install(newClientKey(), newBaseUrl(), newSecret(), clock.instant().getEpochSecond());
        Api.as(supportToken(tenant.toString(), "eng-1", null, "PRS-1")).get("/support/tenant").then()
                .statusCode(403);
        Api.as(supportToken(tenant.toString(), "eng-1", "too short", null)).get("/support/tenant").then()
                .statusCode(403);
        assertEquals(0, auditRows(tenant.toString()));
    }

    @Test
    void appUsersAndTheGatewayCannotUseTheSupportRoute() {
        UUID tenant = install(newClientKey(), newBaseUrl(), newSecret(), clock.instant().getEpochSecond());
        Api.as(Api.appUserToken(tenant)).get("/support/tenant").then().statusCode(403);
        Api.as(Api.gatewayToken(tenant)).get("/support/tenant").then().statusCode(403);
        given().get("/support/tenant").then().statusCode(401);
        assertEquals(0, auditRows(tenant.toString()));
    }

    @Test
    void onlyGetIsExposed() {
        UUID tenant = install(newClientKey(), newBaseUrl(), newSecret(), clock.instant().getEpochSecond());
        String token = supportToken(tenant.toString(), "eng-2", REASON, null);
        Api.as(token).body("{}").post("/support/tenant").then().statusCode(not(equalTo(200)))
                .statusCode(org.hamcrest.Matchers.oneOf(401, 403, 404, 405));
        Api.as(token).body("{}").put("/support/tenant").then().statusCode(org.hamcrest.Matchers.oneOf(401, 403, 404,
                405));
        Api.as(token).delete("/support/tenant").then().statusCode(org.hamcrest.Matchers.oneOf(401, 403, 404, 405));
        assertEquals(0, auditRows(tenant.toString()));
    }

    @Test
    void theAuditTrailIsAppendOnly() throws SQLException {
        String tenant = UUID.randomUUID().toString();
        Api.as(supportToken(tenant, "eng-3", REASON, null)).get("/support/tenant").then().statusCode(404);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThrows(SQLException.class, () -> st.executeUpdate(
                    "UPDATE support_access_audit SET reason = 'rewritten reason text' WHERE tenant_id = '" + tenant + "'"));
            assertThrows(SQLException.class, () -> st.executeUpdate(
                    "DELETE FROM support_access_audit WHERE tenant_id = '" + tenant + "'"));
            assertThrows(SQLException.class, () -> st.executeUpdate("TRUNCATE support_access_audit"));
        }
        assertEquals(1, auditRows(tenant));
        assertEquals(REASON, Sql.one(ds, "SELECT reason FROM support_access_audit WHERE tenant_id = ?", tenant)
                .get("reason"));
    }
}
