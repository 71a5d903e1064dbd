package io.pivotreport.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import static io.pivotreport.report.Api.PROBLEM_BASE;
import static io.pivotreport.report.Api.PROBLEM_JSON;
import static io.pivotreport.report.Api.as;
import static io.pivotreport.report.Api.create;
import static io.pivotreport.report.Api.newAccount;
import static io.pivotreport.report.Api.newTenant;
import static io.pivotreport.report.Api.report;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A tenant holds at most pivot.report.max-reports-per-tenant reports (default 500). */
@QuarkusTest
class QuotaTest {

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void creatingBeyondTheTenantQuotaIsRefusedUntilAReportIsDeleted() throws SQLException {
        String tenant = newTenant();
        String seeder = newAccount();
        String owner = newAccount();
        seed(tenant, seeder, 499);
        String last = create(tenant, owner, report("the 500th"));
        double rejectionsBefore = registry.get("pivot_report_quota_rejections_total").counter().count();

        as(tenant, owner).body(report("one too many")).post("/reports").then()
                .statusCode(422).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEM_BASE + "quota-exceeded"))
                .body("status", equalTo(422))
                .body("detail", not(emptyOrNullString()));
        as(tenant, newAccount()).body(report("another user, same site")).post("/reports").then().statusCode(422);
        assertEquals(rejectionsBefore + 2, registry.get("pivot_report_quota_rejections_total").counter().count());

        // Editing is never limited by the quota.
        Map<String, Object> rename = report("the 500th, renamed");
        rename.put("version", 0);
        as(tenant, owner).body(rename).put("/reports/{id}", last).then().statusCode(200);

        as(tenant, owner).delete("/reports/{id}", last).then().statusCode(204);
        create(tenant, owner, report("room again"));
        as(tenant, owner).body(report("full again")).post("/reports").then().statusCode(422);
        create(newTenant(), owner, report("another tenant has its own quota"));
    }

    @Test
    void aFullTenantIsListedAtMostOneHundredAtATime() throws SQLException {
        String tenant = newTenant();
        String owner = newAccount();
        seed(tenant, owner, 250);
        as(tenant, owner).queryParam("size", 100).queryParam("page", 2).get("/reports").then().statusCode(200)
                .body("items.size()", equalTo(50))
                .body("totalItems", equalTo(250))
                .body("totalPages", equalTo(3));
        as(tenant, owner).queryParam("size", 101).get("/reports").then().statusCode(400);
    }

    /** Stores {@code count} minimal reports straight into the database: the quota, not the API, is under test. */
    private void seed(String tenant, String owner, int count) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO saved_report (id, tenant_id, owner_account_id, name, source_type, source_ref, "
                             + "configuration, visibility, created_at, updated_at, version) "
                             + "SELECT gen_random_uuid(), ?, ?, 'seeded ' || n, 'filter', '10010', "
                             + "'{\"schemaVersion\":1,\"rows\":[],\"columns\":[],\"measures\":[],\"sorting\":[],"
                             + "\"filters\":[]}'::jsonb, 'private', now(), now(), 0 FROM generate_series(1, ?) AS n")) {
            insert.setString(1, tenant);
            insert.setString(2, owner);
            insert.setInt(3, count);
            assertEquals(count, insert.executeUpdate());
        }
    }
}
