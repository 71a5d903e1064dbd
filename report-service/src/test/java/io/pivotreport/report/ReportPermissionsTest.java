package io.pivotreport.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.platform.security.InternalTokenDenials;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

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
import static io.pivotreport.report.Api.shared;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Who may see and change what: the owner edits, the tenant reads what is shared, nobody else sees anything. */
@QuarkusTest
class ReportPermissionsTest {

    @Inject
    MeterRegistry registry;

    private final String tenant = newTenant();
    private final String owner = newAccount();
    private final String colleague = newAccount();

    @Test
    void aSharedReportIsReadableByTheTenantButOnlyItsOwnerChangesOrDeletesIt() {
        String sharedId = create(tenant, owner, shared(report("Team velocity")));

        get(tenant, colleague, sharedId).statusCode(200)
                .body("name", equalTo("Team velocity"))
                .body("editable", equalTo(false))
                .body("ownerAccountId", equalTo(owner));
        Map<String, Object> change = shared(report("Hijacked"));
        change.put("version", 0);
        as(tenant, colleague).body(change).put("/reports/{id}", sharedId).then()
                .statusCode(403).contentType(PROBLEM_JSON).body("type", equalTo(PROBLEM_BASE + "forbidden"));
        as(tenant, colleague).delete("/reports/{id}", sharedId).then().statusCode(403).contentType(PROBLEM_JSON);

        get(tenant, owner, sharedId).statusCode(200).body("name", equalTo("Team velocity"))
                .body("version", equalTo(0)).body("editable", equalTo(true));
    }

    @Test
    void anotherUsersPrivateReportDoesNotExistForTheCaller() {
        String privateId = create(tenant, owner, report("My drafts"));
        Map<String, Object> change = report("Hijacked");
        change.put("version", 0);

        Response read = as(tenant, colleague).get("/reports/{id}", privateId);
        read.then().statusCode(404).contentType(PROBLEM_JSON).body("type", equalTo(PROBLEM_BASE + "not-found"));
        assertFalse(read.asString().contains("My drafts"));
        as(tenant, colleague).body(change).put("/reports/{id}", privateId).then().statusCode(404);
        as(tenant, colleague).delete("/reports/{id}", privateId).then().statusCode(404);
        get(tenant, owner, privateId).statusCode(200).body("name", equalTo("My drafts"));
    }

    @Test
    void theListingHoldsTheCallersOwnAndTheSharedReportsOnly() {
        String mine = create(tenant, owner, report("mine, private"));
        String mineShared = create(tenant, owner, shared(report("mine, shared")));
        String theirs = create(tenant, colleague, report("theirs, private"));
        String theirsShared = create(tenant, colleague, shared(report("theirs, shared")));

        as(tenant, owner).get("/reports").then().statusCode(200)
                .body("totalItems", equalTo(3))
                .body("items.id", containsInAnyOrder(mine, mineShared, theirsShared))
                .body("items.find { it.id == '" + theirsShared + "' }.editable", equalTo(false))
                .body("items.find { it.id == '" + mine + "' }.editable", equalTo(true));
        as(tenant, colleague).get("/reports").then().statusCode(200)
                .body("items.id", containsInAnyOrder(theirs, theirsShared, mineShared));
    }

    @Test
    void unsharingHidesTheReportFromTheTenantAgain() {
        String id = create(tenant, owner, shared(report("Shared for a while")));
        get(tenant, colleague, id).statusCode(200);
        Map<String, Object> unshare = report("Shared for a while");
        unshare.put("visibility", "private");
        unshare.put("version", 0);
        as(tenant, owner).body(unshare).put("/reports/{id}", id).then().statusCode(200)
                .body("visibility", equalTo("private"));
        get(tenant, colleague, id).statusCode(404);
        as(tenant, colleague).get("/reports").then().body("totalItems", equalTo(0));
    }

    @Test
    void aProbeFromAnotherTenantFindsNothingOnAnyRouteAndIsCounted() {
        String sharedId = create(tenant, owner, shared(report("Board health")));
        String privateId = create(tenant, owner, report("Private numbers"));
        String otherTenant = newTenant();
        String prober = newAccount();
        double crossTenantBefore = crossTenantDenials();
        Map<String, Object> change = shared(report("Overwritten"));
        change.put("version", 0);

        String unknownBody = as(otherTenant, prober).get("/reports/{id}", UUID.randomUUID()).then()
                .statusCode(404).extract().asString();
        for (String id : List.of(sharedId, privateId)) {
            Response read = as(otherTenant, prober).get("/reports/{id}", id);
            read.then().statusCode(404).contentType(PROBLEM_JSON);
            assertSameProblem(unknownBody, read.asString());
            Response write = as(otherTenant, prober).body(change).put("/reports/{id}", id);
            write.then().statusCode(404).contentType(PROBLEM_JSON);
            assertSameProblem(unknownBody, write.asString());
            Response delete = as(otherTenant, prober).delete("/reports/{id}", id);
            delete.then().statusCode(404).contentType(PROBLEM_JSON);
            assertSameProblem(unknownBody, delete.asString());
        }
        // Even the owner's own account id does not help in another tenant: the tenant comes from the token.
        as(otherTenant, owner).get("/reports/{id}", sharedId).then().statusCode(404);
        as(otherTenant, prober).get("/reports").then().statusCode(200)
                .body("totalItems", equalTo(0)).body("items.size()", equalTo(0));

        assertEquals(crossTenantBefore + 7, crossTenantDenials(), "every probe of an existing id is counted");
        get(tenant, owner, sharedId).statusCode(200).body("name", equalTo("Board health")).body("version", equalTo(0));
        as(tenant, owner).get("/reports").then().body("items.id", containsInAnyOrder(sharedId, privateId));
        as(tenant, colleague).get("/reports").then().body("items.id", contains(sharedId));
    }

    /** Two 404 problems that differ only in the path the caller asked for. */
    private static void assertSameProblem(String unknown, String probed) {
        assertEquals(unknown.replaceAll("\"instance\":\"[^\"]*\"", ""),
                probed.replaceAll("\"instance\":\"[^\"]*\"", ""));
    }

    private double crossTenantDenials() {
        return registry.get(InternalTokenDenials.METRIC).tag("reason", "cross_tenant").counter().count();
    }
}
