package io.pivotreport.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pivotreport.report.Api.PROBLEM_BASE;
import static io.pivotreport.report.Api.PROBLEM_JSON;
import static io.pivotreport.report.Api.as;
import static io.pivotreport.report.Api.create;
import static io.pivotreport.report.Api.get;
import static io.pivotreport.report.Api.newAccount;
import static io.pivotreport.report.Api.newTenant;
import static io.pivotreport.report.Api.report;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ReportCrudTest {

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void aReportSurvivesTheFullRoundTripAndItsDeleteRemovesTheRow() throws SQLException {
        String tenant = newTenant();
        String owner = newAccount();
        double createsBefore = saved("create");
        double updatesBefore = saved("update");
        double deletesBefore = saved("delete");

        Map<String, Object> body = report("  Bugs by status  ");
        Response created = as(tenant, owner).body(body).post("/reports");
        created.then().statusCode(201)
                .header("ETag", "\"0\"")
                .body("name", equalTo("Bugs by status"))
                .body("source.type", equalTo("filter"))
                .body("source.id", equalTo("10010"))
                .body("source", not(hasKey("query")))
                .body("visibility", equalTo("private"))
                .body("ownerAccountId", equalTo(owner))
                .body("editable", equalTo(true))
                .body("version", equalTo(0))
                .body("configuration.schemaVersion", equalTo(1))
                .body("configuration.rows[0].field", equalTo("status"))
                .body("configuration.columns[0].dateGrouping", equalTo("month"))
                .body("configuration.measures[1].aggregation", equalTo("sum"))
                .body("configuration.sorting[0].measureIndex", equalTo(1))
                .body("configuration.filters[1].values", contains("current_user"))
                .body("configuration.filters[2]", not(hasKey("values")));
        String id = created.path("id");
        assertEquals("/reports/" + id, created.header("Location"));
        assertEquals(created.<String>path("createdAt"), created.<String>path("updatedAt"));

        Response read = as(tenant, owner).get(created.header("Location"));
        read.then().statusCode(200).header("ETag", "\"0\"");
        assertEquals(created.jsonPath().getMap(""), read.jsonPath().getMap(""), "a read returns what the create stored");

        as(tenant, owner).get("/reports").then().statusCode(200)
                .body("totalItems", equalTo(1))
                .body("items.id", contains(id))
                .body("items[0]", not(hasKey("configuration")));

        body.put("name", "Bugs by status, shared");
        body.put("visibility", "shared");
        body.put("version", 0);
        Api.nested(body, "configuration").put("sorting", List.of());
        Response updated = as(tenant, owner).body(body).put("/reports/{id}", id);
        updated.then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("version", equalTo(1))
                .body("name", equalTo("Bugs by status, shared"))
                .body("visibility", equalTo("shared"))
                .body("configuration.sorting.size()", equalTo(0))
                .body("createdAt", equalTo(created.<String>path("createdAt")));
        assertFalse(Instant.parse(updated.path("updatedAt")).isBefore(Instant.parse(created.path("updatedAt"))));

        assertEquals(1, rowsWithId(id));
        as(tenant, owner).delete("/reports/{id}", id).then().statusCode(204);
        assertEquals(0, rowsWithId(id), "a delete removes the row, not a flag");
        get(tenant, owner, id).statusCode(404).contentType(PROBLEM_JSON).body("type", equalTo(PROBLEM_BASE + "not-found"));
        as(tenant, owner).delete("/reports/{id}", id).then().statusCode(404);

        assertEquals(createsBefore + 1, saved("create"));
        assertEquals(updatesBefore + 1, saved("update"));
        assertEquals(deletesBefore + 1, saved("delete"));
    }

    @Test
    void aJqlOrProjectSourceIsStoredAsSent() {
        String tenant = newTenant();
        String owner = newAccount();
        Map<String, Object> jql = report("Open work");
        jql.put("source", Api.map("type", "jql", "query", "project = PIV AND status != Done ORDER BY created"));
        as(tenant, owner).body(jql).post("/reports").then().statusCode(201)
                .body("source.type", equalTo("jql"))
                .body("source.query", equalTo("project = PIV AND status != Done ORDER BY created"))
                .body("source", not(hasKey("id")));
        Map<String, Object> project = report("Project by key");
        project.put("source", Api.map("type", "project", "id", "PIV"));
        as(tenant, owner).body(project).post("/reports").then().statusCode(201).body("source.id", equalTo("PIV"));
    }

    @Test
    void theListingIsPagedNewestChangeFirstWithTotals() {
        String tenant = newTenant();
        String owner = newAccount();
        String first = create(tenant, owner, report("first"));
        String second = create(tenant, owner, report("second"));
        String third = create(tenant, owner, report("third"));

        as(tenant, owner).queryParam("size", 2).get("/reports").then().statusCode(200)
                .body("items.id", contains(third, second))
                .body("page", equalTo(0)).body("size", equalTo(2))
                .body("totalItems", equalTo(3)).body("totalPages", equalTo(2));
        as(tenant, owner).queryParam("size", 2).queryParam("page", 1).get("/reports").then().statusCode(200)
                .body("items.id", contains(first)).body("page", equalTo(1));

        Map<String, Object> touched = report("first, touched");
        touched.put("version", 0);
        as(tenant, owner).body(touched).put("/reports/{id}", first).then().statusCode(200);
        as(tenant, owner).get("/reports").then().statusCode(200)
                .body("items.id", contains(first, third, second))
                .body("size", equalTo(20)).body("totalPages", equalTo(1));
        as(tenant, owner).queryParam("page", 5).get("/reports").then().statusCode(200)
                .body("items.size()", equalTo(0)).body("totalItems", equalTo(3));
    }

    @Test
    void pageSizesAboveOneHundredAndMalformedPagingAreRefused() {
        String tenant = newTenant();
        String owner = newAccount();
        as(tenant, owner).queryParam("size", 100).get("/reports").then().statusCode(200).body("size", equalTo(100));
        for (String[] paging : new String[][] {{"size", "101"}, {"size", "0"}, {"size", "ten"}, {"page", "-1"},
                {"page", "1.5"}, {"page", "99999999999"}}) {
            as(tenant, owner).queryParam(paging[0], paging[1]).get("/reports").then()
                    .statusCode(400).contentType(PROBLEM_JSON)
                    .body("type", equalTo(PROBLEM_BASE + "validation"))
                    .body("errors.field", hasItem(paging[0]));
        }
        as(tenant, owner).queryParam("page", 100_000_000).queryParam("size", 100).get("/reports").then()
                .statusCode(400).body("errors.field", hasItem("page"));
    }

    @Test
    void anIdThatIsNotAReportIdIsNotFound() {
        String tenant = newTenant();
        String owner = newAccount();
        for (String id : List.of("1-2-3-4-5", "not-a-uuid", UUID.randomUUID().toString())) {
            get(tenant, owner, id).statusCode(404).contentType(PROBLEM_JSON)
                    .body("type", equalTo(PROBLEM_BASE + "not-found"));
        }
    }

    private double saved(String operation) {
        return registry.get("pivot_reports_saved_total").tag("operation", operation).counter().count();
    }

    private long rowsWithId(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM saved_report WHERE id = ?")) {
            statement.setObject(1, UUID.fromString(id));
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next());
                return rows.getLong(1);
            }
        }
    }
}
