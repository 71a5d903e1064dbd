package io.pivotreport.report;

import io.pivotreport.platform.security.Roles;
import io.pivotreport.test.InternalTokens;
import io.pivotreport.test.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.pivotreport.report.Api.AUDIENCE;
import static io.pivotreport.report.Api.as;
import static io.pivotreport.report.Api.create;
import static io.pivotreport.report.Api.newAccount;
import static io.pivotreport.report.Api.newTenant;
import static io.pivotreport.report.Api.report;
import static io.pivotreport.report.Api.shared;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audited support path (P8): read-only routes for the {@code support} role, the tenant from the token, and exactly
 * one append-only audit row per read, written with the read.
 */
@QuarkusTest
class SupportReadsTest {

    private static final String ENGINEER = "eng.ada-7";
    private static final String REASON = "PRS-1234 report renders empty for the customer";
    private static final String TICKET = "PRS-1234";

    @Inject
    DataSource dataSource;

    @Test
    void theListingShowsEveryReportOfTheTenantWithoutAccountIdsAndAuditsTheIdsReturned() {
        String tenant = newTenant();
        String owner = newAccount();
        String colleague = newAccount();
        String mine = create(tenant, owner, report("private of the owner"));
        String theirs = create(tenant, colleague, report("private of the colleague"));
        String sharedOne = create(tenant, colleague, shared(report("shared")));
        create(newTenant(), owner, report("another site"));

        List<String> ids = support(tenant, token(tenant, REASON, TICKET)).get("/support/reports?size=100")
                .then().statusCode(200)
                .body("totalItems", equalTo(3))
                .body("items.id", containsInAnyOrder(mine, theirs, sharedOne))
                .body("items", everyItem(not(hasKey("ownerAccountId"))))
                .body("items", everyItem(not(hasKey("configuration"))))
                .body("items.ownerPresent", everyItem(equalTo(true)))
                .body("items.configurationBytes", everyItem(greaterThan(0)))
                .extract().path("items.id");

        List<Map<String, Object>> audit = auditOf(tenant);
        assertEquals(1, audit.size(), "one row per read");
        Map<String, Object> row = audit.get(0);
        assertEquals(ENGINEER, row.get("engineer"));
        assertEquals(REASON, row.get("reason"));
        assertEquals(TICKET, row.get("ticket"));
        assertEquals(tenant, row.get("tenant_id"));
        assertEquals("saved_report", row.get("resource"));
        assertEquals(ids, row.get("record_ids"));
        assertEquals(3, row.get("record_count"));
        assertTrue(row.get("token_id") != null);
    }

    @Test
    void aSingleReadReturnsTheConfigurationAndIsAuditedWithItsId() {
        String tenant = newTenant();
        String id = create(tenant, newAccount(), report("one"));

        support(tenant, token(tenant, REASON, null)).get("/support/reports/{id}", id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("configuration.schemaVersion", equalTo(1))
                .body("ownerPresent", equalTo(true))
                .body("$", not(hasKey("ownerAccountId")));

        List<Map<String, Object>> audit = auditOf(tenant);
        assertEquals(1, audit.size());
        assertEquals(List.of(id), audit.get(0).get("record_ids"));
        assertEquals(null, audit.get(0).get("ticket"));
    }

    @Test
    void anIdOfAnotherTenantIsNotFoundAndTheProbeIsStillAudited() {
        String tenant = newTenant();
        String foreign = create(newTenant(), newAccount(), report("elsewhere"));

        support(tenant, token(tenant, REASON, TICKET)).get("/support/reports/{id}", foreign).then().statusCode(404);

        List<Map<String, Object>> audit = auditOf(tenant);
        assertEquals(1, audit.size());
        assertEquals(List.of(foreign), audit.get(0).get("record_ids"));
    }

    @Test
    void aSupportTokenWithoutAStatedReasonIsRefusedAndNothingIsRecorded() {
        String tenant = newTenant();
        String id = create(tenant, newAccount(), report("one"));

        support(tenant, token(tenant, null, TICKET)).get("/support/reports").then().statusCode(403);
        support(tenant, token(tenant, null, TICKET)).get("/support/reports/{id}", id).then().statusCode(403);
        support(tenant, token(tenant, "too short", TICKET)).get("/support/reports").then().statusCode(403);

        assertEquals(List.of(), auditOf(tenant));
    }

    @Test
    void anAppUsersTokenCannotReachTheSupportRoutes() {
        String tenant = newTenant();
        String owner = newAccount();
        String id = create(tenant, owner, report("one"));

        as(tenant, owner).get("/support/reports").then().statusCode(403);
        as(tenant, owner).get("/support/reports/{id}", id).then().statusCode(403);
        assertEquals(List.of(), auditOf(tenant));
    }

    @Test
    void aSupportTokenCannotWriteOrUseTheUserRoutes() {
        String tenant = newTenant();
        String id = create(tenant, newAccount(), report("one"));
        String token = token(tenant, REASON, TICKET);

        support(tenant, token).body(report("new")).post("/reports").then().statusCode(403);
        support(tenant, token).header("If-Match", "\"0\"").body(report("changed")).put("/reports/{id}", id)
                .then().statusCode(403);
        support(tenant, token).delete("/reports/{id}", id).then().statusCode(403);
        support(tenant, token).get("/reports").then().statusCode(403);
        support(tenant, token).body(report("new")).post("/support/reports").then().statusCode(405);
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM saved_report WHERE tenant_id = ?", tenant));
    }

    @Test
    void theAuditTrailRefusesUpdateDeleteAndTruncate() {
        String tenant = newTenant();
        support(tenant, token(tenant, REASON, TICKET)).get("/support/reports").then().statusCode(200);
        assertEquals(1, auditOf(tenant).size());

        assertThrows(SQLException.class, () -> Db.update(dataSource,
                "UPDATE support_access_audit SET reason = 'nothing to see' WHERE tenant_id = ?", tenant));
        assertThrows(SQLException.class, () -> Db.update(dataSource,
                "DELETE FROM support_access_audit WHERE tenant_id = ?", tenant));
        assertThrows(SQLException.class, () -> Db.update(dataSource, "TRUNCATE support_access_audit"));

        List<Map<String, Object>> audit = auditOf(tenant);
        assertEquals(1, audit.size());
        assertEquals(REASON, audit.get(0).get("reason"));
    }

    /** A support call as the gateway forwards it: internal token with role support, the engineer as subject. */
    static String token(String tenant, String reason, String ticket) {
        JwtClaims claims = InternalTokens.claims(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant, null,
                Set.of(Roles.SUPPORT), Duration.ofSeconds(60));
        claims.setSubject(ENGINEER);
        if (reason != null) {
            claims.setClaim("support_reason", reason);
        }
        if (ticket != null) {
            claims.setClaim("support_ticket", ticket);
        }
        return InternalTokens.sign(TestKeys.privateKey(), claims);
    }

    private static RequestSpecification support(String tenant, String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private List<Map<String, Object>> auditOf(String tenant) {
        return Db.rows(dataSource, "SELECT engineer, reason, ticket, tenant_id, resource, record_ids, record_count, "
                + "token_id FROM support_access_audit WHERE tenant_id = ? ORDER BY id", tenant);
    }
}
