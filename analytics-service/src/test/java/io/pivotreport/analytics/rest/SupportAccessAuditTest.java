package io.pivotreport.analytics.rest;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.analytics.support.AnalyticsTestResources;
import io.pivotreport.analytics.support.Database;
import io.pivotreport.analytics.support.Events;
import io.pivotreport.analytics.support.Tokens;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every support read leaves exactly one append-only audit row; a read that cannot be audited does not happen. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = AnalyticsTestResources.TOPICS))
@WithTestResource(value = InternalJwtTestResource.class)
class SupportAccessAuditTest {

    private static final String REASON = "HOT-12 reports are slow since Monday";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void eachSupportReadLeavesOneAuditRowNamingEngineerReasonTicketTenantAndTheDaysRead() throws SQLException {
        Database db = new Database(dataSource);
        String tenant = Events.newTenant("audited");
        LocalDate to = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = to.minusDays(2);

        for (String engineer : List.of("eng-ada", "eng-bob")) {
            given().header("Authorization", Tokens.bearer(Tokens.support(tenant, engineer, REASON, "PRS-1234")))
                    .queryParam("from", from.toString()).queryParam("to", to.toString())
                    .when().get("/support/tenants/{tenantId}/daily", tenant)
                    .then().statusCode(200).body("tenantId", equalTo(tenant));
        }

        assertEquals(2, auditRows(db, tenant));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT engineer, tenant_id, resource, record_ids, record_count, reason, "
                     + "ticket, token_id, accessed_at FROM support_access_audit WHERE tenant_id = '" + tenant
                     + "' ORDER BY id")) {
            assertTrue(r.next());
            assertEquals("eng-ada", r.getString("engineer"));
            assertEquals(tenant, r.getString("tenant_id"));
            assertEquals("daily_aggregate", r.getString("resource"));
            assertEquals(List.of(from.toString(), from.plusDays(1).toString(), to.toString()),
                    Arrays.asList((String[]) r.getArray("record_ids").getArray()));
            assertEquals(3, r.getInt("record_count"));
            assertEquals(REASON, r.getString("reason"));
            assertEquals("PRS-1234", r.getString("ticket"));
            assertTrue(r.getString("token_id") != null && !r.getString("token_id").isBlank());
            assertTrue(r.getTimestamp("accessed_at") != null);
            assertTrue(r.next());
            assertEquals("eng-bob", r.getString("engineer"));
        }
    }

    @Test
    void aSupportReadWithoutTicketIsAuditedWithoutOne() {
        Database db = new Database(dataSource);
        String tenant = Events.newTenant("audited-no-ticket");
        given().header("Authorization", Tokens.bearer(Tokens.support(tenant, "eng-ada", REASON, null)))
                .queryParam("from", "2026-01-01").queryParam("to", "2026-01-01")
                .when().get("/support/tenants/{tenantId}/daily", tenant)
                .then().statusCode(200);
        assertEquals(1, auditRows(db, tenant));
        assertEquals(1, db.count("SELECT count(*) FROM support_access_audit WHERE tenant_id = ? AND ticket IS NULL",
                tenant));
    }

    @Test
    void aSupportTokenWithoutAReasonIsRefusedAndLeavesNoRow() {
        Database db = new Database(dataSource);
        String tenant = Events.newTenant("no-reason");
        for (String reason : new String[] {null, "too short"}) {
            given().header("Authorization", Tokens.bearer(Tokens.support(tenant, "eng-ada", reason, "PRS-1")))
                    .queryParam("from", "2026-01-01").queryParam("to", "2026-01-02")
                    .when().get("/support/tenants/{tenantId}/daily", tenant)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        assertEquals(0, auditRows(db, tenant));
    }

    @Test
    void aPathNamingAnotherTenantThanTheTokenIsRefusedAndLeavesNoRow() {
        Database db = new Database(dataSource);
        String tokenTenant = Events.newTenant("token-tenant");
        String pathTenant = Events.newTenant("path-tenant");
        given().header("Authorization", Tokens.bearer(Tokens.support(tokenTenant, "eng-ada", REASON, "PRS-1")))
                .queryParam("from", "2026-01-01").queryParam("to", "2026-01-02")
                .when().get("/support/tenants/{tenantId}/daily", pathTenant)
                .then().statusCode(403).contentType("application/problem+json");
        // a support token that names no tenant at all
        given().header("Authorization", Tokens.bearer(Tokens.support(null, "eng-ada", REASON, "PRS-1")))
                .queryParam("from", "2026-01-01").queryParam("to", "2026-01-02")
                .when().get("/support/tenants/{tenantId}/daily", pathTenant)
                .then().statusCode(403);
        assertEquals(0, auditRows(db, tokenTenant) + auditRows(db, pathTenant));
    }

    @Test
    void anAppUserTokenForTheTenantIsRefusedAndLeavesNoRow() {
        Database db = new Database(dataSource);
        String tenant = Events.newTenant("app-user");
        given().header("Authorization", Tokens.bearer(Tokens.appUser(tenant, "557058:account")))
                .queryParam("from", "2026-01-01").queryParam("to", "2026-01-02")
                .when().get("/support/tenants/{tenantId}/daily", tenant)
                .then().statusCode(403).contentType("application/problem+json");
        assertEquals(0, auditRows(db, tenant));
    }

    @Test
    void theAuditTrailRefusesUpdateDeleteAndTruncateEvenToTheServiceRole() throws SQLException {
        Database db = new Database(dataSource);
        String tenant = Events.newTenant("append-only");
        given().header("Authorization", Tokens.bearer(Tokens.support(tenant, "eng-ada", REASON, "PRS-1")))
                .queryParam("from", "2026-01-01").queryParam("to", "2026-01-01")
                .when().get("/support/tenants/{tenantId}/daily", tenant)
                .then().statusCode(200);
        assertEquals(1, auditRows(db, tenant));

        for (String sql : List.of(
                "UPDATE support_access_audit SET reason = 'rewritten afterwards' WHERE tenant_id = '" + tenant + "'",
                "DELETE FROM support_access_audit WHERE tenant_id = '" + tenant + "'",
                "TRUNCATE support_access_audit")) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                SQLException refused = assertThrows(SQLException.class, () -> s.execute(sql), sql);
                assertEquals("42501", refused.getSQLState(), sql);
            }
        }
        assertEquals(1, auditRows(db, tenant));
        assertEquals(1, db.count("SELECT count(*) FROM support_access_audit WHERE tenant_id = ? AND reason = ?",
                tenant, REASON));
    }

    private static long auditRows(Database db, String tenant) {
        return db.count("SELECT count(*) FROM support_access_audit WHERE tenant_id = ?", tenant);
    }
}
