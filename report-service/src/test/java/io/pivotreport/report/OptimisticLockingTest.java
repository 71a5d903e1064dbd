package io.pivotreport.report;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.pivotreport.report.Api.PROBLEM_BASE;
import static io.pivotreport.report.Api.PROBLEM_JSON;
import static io.pivotreport.report.Api.as;
import static io.pivotreport.report.Api.create;
import static io.pivotreport.report.Api.get;
import static io.pivotreport.report.Api.newAccount;
import static io.pivotreport.report.Api.newTenant;
import static io.pivotreport.report.Api.report;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class OptimisticLockingTest {

    private final String tenant = newTenant();
    private final String owner = newAccount();

    @Test
    void aStaleVersionInTheBodyIsAConflictAndChangesNothing() {
        String id = create(tenant, owner, report("v0"));
        as(tenant, owner).body(withVersion(report("v1"), 0)).put("/reports/{id}", id).then()
                .statusCode(200).header("ETag", "\"1\"").body("version", equalTo(1));

        as(tenant, owner).body(withVersion(report("lost update"), 0)).put("/reports/{id}", id).then()
                .statusCode(409).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEM_BASE + "version-conflict"))
                .header("ETag", "\"1\"");
        get(tenant, owner, id).statusCode(200).header("ETag", "\"1\"").body("name", equalTo("v1"));
    }

    @Test
    void aStaleIfMatchIsAConflictAndAFreshOneWins() {
        String id = create(tenant, owner, report("v0"));
        as(tenant, owner).header("If-Match", "\"0\"").body(report("v1")).put("/reports/{id}", id).then()
                .statusCode(200).header("ETag", "\"1\"");

        as(tenant, owner).header("If-Match", "\"0\"").body(report("lost update")).put("/reports/{id}", id).then()
                .statusCode(409).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEM_BASE + "version-conflict"));
        get(tenant, owner, id).statusCode(200).body("name", equalTo("v1")).body("version", equalTo(1));

        String etag = get(tenant, owner, id).extract().header("ETag");
        as(tenant, owner).header("If-Match", etag).body(report("v2")).put("/reports/{id}", id).then()
                .statusCode(200).header("ETag", "\"2\"").body("name", equalTo("v2"));
    }

    @Test
    void anUpdateWithoutAnyVersionIsRefusedAsPreconditionRequired() {
        String id = create(tenant, owner, report("v0"));
        as(tenant, owner).body(report("blind overwrite")).put("/reports/{id}", id).then()
                .statusCode(428).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEM_BASE + "precondition-required"));
        as(tenant, owner).header("If-Match", "*").body(report("blind overwrite")).put("/reports/{id}", id).then()
                .statusCode(428);
        get(tenant, owner, id).statusCode(200).body("name", equalTo("v0")).body("version", equalTo(0));
    }

    @Test
    void disagreeingOrMalformedVersionsAreRefused() {
        String id = create(tenant, owner, report("v0"));
        as(tenant, owner).header("If-Match", "\"0\"").body(withVersion(report("x"), 1)).put("/reports/{id}", id)
                .then().statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("/version"));
        as(tenant, owner).header("If-Match", "W/\"0\"").body(report("x")).put("/reports/{id}", id)
                .then().statusCode(400).body("errors.field", hasItem("If-Match"));
        as(tenant, owner).body(withVersion(report("x"), -1)).put("/reports/{id}", id)
                .then().statusCode(400).body("errors.field", hasItem("/version"));
        get(tenant, owner, id).statusCode(200).body("version", equalTo(0));
    }

    @Test
    void aDeleteWithAStaleIfMatchIsAConflictAndKeepsTheRow() {
        String id = create(tenant, owner, report("v0"));
        as(tenant, owner).body(withVersion(report("v1"), 0)).put("/reports/{id}", id).then().statusCode(200);

        as(tenant, owner).header("If-Match", "\"0\"").delete("/reports/{id}", id).then()
                .statusCode(409).body("type", equalTo(PROBLEM_BASE + "version-conflict"));
        get(tenant, owner, id).statusCode(200);
        as(tenant, owner).header("If-Match", "\"1\"").delete("/reports/{id}", id).then().statusCode(204);
        get(tenant, owner, id).statusCode(404);
    }

    private static Map<String, Object> withVersion(Map<String, Object> body, long version) {
        body.put("version", version);
        return body;
    }
}
