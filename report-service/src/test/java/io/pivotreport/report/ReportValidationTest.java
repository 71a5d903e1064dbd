package io.pivotreport.report;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.pivotreport.report.Api.PROBLEM_BASE;
import static io.pivotreport.report.Api.PROBLEM_JSON;
import static io.pivotreport.report.Api.as;
import static io.pivotreport.report.Api.create;
import static io.pivotreport.report.Api.map;
import static io.pivotreport.report.Api.nested;
import static io.pivotreport.report.Api.newAccount;
import static io.pivotreport.report.Api.newTenant;
import static io.pivotreport.report.Api.report;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Bodies that must not be stored: each answers 400 problem+json naming the field, never echoes the rejected value,
 * and leaves nothing behind.
 */
@QuarkusTest
class ReportValidationTest {

    private static final String EMAIL = "jane.doe@example.com";

    private final String tenant = newTenant();
    private final String owner = newAccount();

    @Test
    void aMissingBlankOrOverlongNameIsRefused() {
        assertRefused(body -> body.remove("name"), "/name");
        assertRefused(body -> body.put("name", " \t "), "/name");
        assertRefused(body -> body.put("name", "x".repeat(256)), "/name");
        assertRefused(body -> body.put("name", "line\u0000break"), "/name");
        as(tenant, owner).body(report("é".repeat(255))).post("/reports").then().statusCode(201);
        assertNothingStoredBut(1);
    }

    @Test
    void anEmailAddressAnywhereIsRefusedAtItsField() {
        assertEmailRefused(body -> body.put("name", "Report for " + EMAIL), "/name");
        assertEmailRefused(body -> body.put("source", map("type", "jql", "query", "assignee = \"" + EMAIL + "\"")),
                "/source/query");
        assertEmailRefused(body -> body.put("source", map("type", "project", "id", EMAIL)), "/source/id");
        assertEmailRefused(body -> filters(body).add(map("field", "reporter", "operator", "in",
                "values", List.of("10001", EMAIL))), "/configuration/filters/3/values/1");
        assertEmailRefused(body -> rows(body).add(map("field", EMAIL)), "/configuration/rows/1/field");
        assertNothingStoredBut(0);
    }

    @Test
    void theSourceIdOrQueryMustFitTheSourceType() {
        assertRefused(body -> body.put("source", map("type", "filter", "id", "my filter")), "/source/id");
        assertRefused(body -> body.put("source", map("type", "board", "id", "-7")), "/source/id");
        assertRefused(body -> body.put("source", map("type", "project", "id", "piv")), "/source/id");
        assertRefused(body -> body.put("source", map("type", "filter")), "/source/id");
        assertRefused(body -> body.put("source", map("type", "board", "id", "7", "query", "project = PIV")),
                "/source/query");
        assertRefused(body -> body.put("source", map("type", "jql", "id", "7", "query", "project = PIV")),
                "/source/id");
        assertRefused(body -> body.put("source", map("type", "jql", "query", "x".repeat(2001))), "/source/query");
        assertRefused(body -> body.put("source", map("type", "issue", "id", "7")), "/source/type");
        assertRefused(body -> body.put("source", map("id", "7")), "/source/type");
        assertRefused(body -> body.remove("source"), "/source");
        assertNothingStoredBut(0);
    }

    @Test
    void aTextSearchInJqlIsRefusedBecauseItCarriesIssueText() {
        assertRefused(body -> body.put("source", map("type", "jql", "query", "summary ~ \"merger with Acme\"")),
                "/source/query");
        assertRefused(body -> body.put("source", map("type", "jql", "query", "text !~ secret")), "/source/query");
        Map<String, Object> quotedTilde = report("Tilde in a value");
        quotedTilde.put("source", map("type", "jql", "query", "status = \"A~B\""));
        as(tenant, owner).body(quotedTilde).post("/reports").then().statusCode(201);
        assertNothingStoredBut(1);
    }

    @Test
    void unknownMembersAreRefusedAtEveryLevel() {
        assertRefused(body -> body.put("description", "Contains the summary of PIV-1"), "/description");
        assertRefused(body -> nested(body, "source").put("name", "My filter"), "/source/name");
        assertRefused(body -> nested(body, "configuration").put("title", "free text"), "/configuration/title");
        assertRefused(body -> rows(body).set(0, map("field", "status", "label", "Status of the login bug")),
                "/configuration/rows/0/label");
        assertRefused(body -> filters(body).set(0, map("field", "status", "operator", "in", "values",
                List.of("1"), "note", "x")), "/configuration/filters/0/note");
        assertRefused(body -> body.put("ownerAccountId", "557058:someone-else"), "/ownerAccountId");
        assertRefused(body -> body.put("tenantId", "another-tenant"), "/tenantId");
        assertNothingStoredBut(0);
    }

    @Test
    void theConfigurationNeedsItsSchemaVersionAndJiraFieldIds() {
        assertRefused(body -> nested(body, "configuration").remove("schemaVersion"), "/configuration/schemaVersion");
        assertRefused(body -> nested(body, "configuration").put("schemaVersion", 2), "/configuration/schemaVersion");
        assertRefused(body -> nested(body, "configuration").put("schemaVersion", "1"), "/configuration/schemaVersion");
        assertRefused(body -> body.remove("configuration"), "/configuration");
        assertRefused(body -> rows(body).set(0, map("field", "Status of work")), "/configuration/rows/0/field");
        assertRefused(body -> rows(body).set(0, map("field", "customfield_")), "/configuration/rows/0/field");
        assertRefused(body -> rows(body).add(map("field", "created")), "/configuration/columns/0/field");
        assertRefused(body -> measures(body).set(0, map("aggregation", "median")),
                "/configuration/measures/0/aggregation");
        assertRefused(body -> measures(body).set(0, map("aggregation", "sum")), "/configuration/measures/0/field");
        assertNothingStoredBut(0);
    }

    @Test
    void filterValuesMustBeIdsKeysOrDocumentedTokens() {
        assertRefused(body -> filters(body).set(0, map("field", "issuetype", "operator", "in",
                "values", List.of("Fix the login bug"))), "/configuration/filters/0/values/0");
        assertRefused(body -> filters(body).set(0, map("field", "assignee", "operator", "in",
                "values", List.of("jdoe"))), "/configuration/filters/0/values/0");
        assertRefused(body -> filters(body).set(0, map("field", "issuetype", "operator", "in",
                "values", List.of())), "/configuration/filters/0/values");
        assertRefused(body -> filters(body).set(0, map("field", "issuetype", "operator", "is_empty",
                "values", List.of("1"))), "/configuration/filters/0/values");
        assertRefused(body -> filters(body).set(0, map("field", "issuetype", "operator", "in",
                "values", "10001")), "/configuration/filters/0/values");
        Map<String, Object> tokens = report("Tokens and keys");
        filters(tokens).set(0, map("field", "sprint", "operator", "in", "values", List.of("open_sprints", "42")));
        filters(tokens).add(map("field", "parent", "operator", "not_in", "values", List.of("PIV-12", "PIV")));
        as(tenant, owner).body(tokens).post("/reports").then().statusCode(201);
        assertNothingStoredBut(1);
    }

    @Test
    void sortRulesMustReferToAMeasureAndAnAxisOnce() {
        assertRefused(body -> sorting(body).set(0, map("axis", "rows", "by", "measure", "measureIndex", 2,
                "direction", "asc")), "/configuration/sorting/0/measureIndex");
        assertRefused(body -> sorting(body).set(0, map("axis", "rows", "by", "label", "measureIndex", 0,
                "direction", "asc")), "/configuration/sorting/0/measureIndex");
        assertRefused(body -> sorting(body).add(map("axis", "rows", "by", "label", "direction", "asc")),
                "/configuration/sorting/1/axis");
        assertRefused(body -> sorting(body).set(0, map("axis", "rows", "by", "label")),
                "/configuration/sorting/0/direction");
        assertRefused(body -> sorting(body).set(0, map("axis", "diagonal", "by", "label", "direction", "asc")),
                "/configuration/sorting/0/axis");
        assertNothingStoredBut(0);
    }

    @Test
    void listsAndTheSerialisedConfigurationAreBounded() {
        assertRefused(body -> {
            List<Object> rows = rows(body);
            for (int i = 0; i < 8; i++) {
                rows.add(map("field", "customfield_1000" + i));
            }
        }, "/configuration/rows");
        assertRefused(body -> filters(body).set(0, map("field", "issuetype", "operator", "in",
                "values", Collections.nCopies(101, "1"))), "/configuration/filters/0/values");
        assertRefused(body -> {
            List<Object> filters = filters(body);
            filters.clear();
            for (int i = 0; i < 20; i++) {
                filters.add(map("field", "customfield_1" + i, "operator", "in",
                        "values", Collections.nCopies(100, "1234567890123456789")));
            }
        }, "/configuration");
        assertNothingStoredBut(0);
    }

    @Test
    void malformedOrAmbiguousJsonIsRefused() {
        as(tenant, owner).body("{\"name\": \"x\",").post("/reports").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("type", equalTo(PROBLEM_BASE + "malformed-json"));
        as(tenant, owner).body("{\"name\":\"a\",\"name\":\"b\"}").post("/reports").then()
                .statusCode(400).contentType(PROBLEM_JSON);
        as(tenant, owner).body("").post("/reports").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("/"));
        as(tenant, owner).body("[]").post("/reports").then().statusCode(400).contentType(PROBLEM_JSON);
        as(tenant, owner).body("x".repeat(70_000)).post("/reports").then().statusCode(413);
        assertNothingStoredBut(0);
    }

    @Test
    void anUpdateIsValidatedLikeACreate() {
        String id = create(tenant, owner, report("Valid"));
        Map<String, Object> body = report("Valid, then not");
        body.put("version", 0);
        filters(body).add(map("field", "reporter", "operator", "in", "values", List.of(EMAIL)));
        as(tenant, owner).body(body).put("/reports/{id}", id).then()
                .statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("/configuration/filters/3/values/0"))
                .body(not(containsString(EMAIL)));
        Api.get(tenant, owner, id).statusCode(200).body("name", equalTo("Valid")).body("version", equalTo(0));
    }

    private void assertEmailRefused(Consumer<Map<String, Object>> change, String field) {
        assertRefused(change, field)
                .body("errors.find { it.field == '" + field + "' }.message", containsString("e-mail"))
                .body(not(containsString(EMAIL)));
    }

    private ValidatableResponse assertRefused(Consumer<Map<String, Object>> change, String field) {
        Map<String, Object> body = report("Refused");
        change.accept(body);
        return as(tenant, owner).body(body).post("/reports").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEM_BASE + "validation"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
    }

    private void assertNothingStoredBut(int expected) {
        as(tenant, owner).get("/reports").then().statusCode(200).body("totalItems", equalTo(expected));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> body, String key) {
        Map<String, Object> configuration = nested(body, "configuration");
        List<Object> list = new ArrayList<>((List<Object>) configuration.get(key));
        configuration.put(key, list);
        return list;
    }

    private static List<Object> rows(Map<String, Object> body) {
        return list(body, "rows");
    }

    private static List<Object> measures(Map<String, Object> body) {
        return list(body, "measures");
    }

    private static List<Object> sorting(Map<String, Object> body) {
        return list(body, "sorting");
    }

    private static List<Object> filters(Map<String, Object> body) {
        return list(body, "filters");
    }
}
