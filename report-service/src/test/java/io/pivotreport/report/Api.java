package io.pivotreport.report;

import io.pivotreport.platform.security.Roles;
import io.pivotreport.test.InternalTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Calls to report-service as the gateway makes them, and report bodies to send. */
public final class Api {

    public static final String AUDIENCE = "report-service";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String PROBLEM_BASE = "https://pivotreport.io/problems/";

    private Api() {
    }

    public static String newTenant() {
        return UUID.randomUUID().toString();
    }

    /** An Atlassian-style accountId. */
    public static String newAccount() {
        return "557058:" + UUID.randomUUID();
    }

    public static String userToken(String tenant, String account) {
        return InternalTokens.mint(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant, account, Set.of(Roles.APP_USER),
                Duration.ofSeconds(60));
    }

    /** A request of the given user, as the gateway forwards it. */
    public static RequestSpecification as(String tenant, String account) {
        return given().header("Authorization", "Bearer " + userToken(tenant, account)).contentType(ContentType.JSON);
    }

    /** Creates a report and returns its id. */
    public static String create(String tenant, String account, Map<String, Object> body) {
        return as(tenant, account).body(body).post("/reports").then().statusCode(201).extract().path("id");
    }

    public static ValidatableResponse get(String tenant, String account, String id) {
        return as(tenant, account).get("/reports/{id}", id).then();
    }

    /** A valid report: issues of filter 10010, status by issue type, counting issues. */
    public static Map<String, Object> report(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("source", map("type", "filter", "id", "10010"));
        body.put("configuration", configuration());
        return body;
    }

    public static Map<String, Object> shared(Map<String, Object> body) {
        body.put("visibility", "shared");
        return body;
    }

    public static Map<String, Object> configuration() {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("schemaVersion", 1);
        configuration.put("rows", new ArrayList<>(List.of(map("field", "status"))));
        configuration.put("columns", new ArrayList<>(List.of(map("field", "created", "dateGrouping", "month"))));
        configuration.put("measures", new ArrayList<>(List.of(map("aggregation", "count"),
                map("field", "customfield_10016", "aggregation", "sum"))));
        configuration.put("sorting", new ArrayList<>(List.of(
                map("axis", "rows", "by", "measure", "measureIndex", 1, "direction", "desc"))));
        configuration.put("filters", new ArrayList<>(List.of(
                map("field", "issuetype", "operator", "in", "values", List.of("10001", "10002")),
                map("field", "assignee", "operator", "not_in", "values", List.of("current_user")),
                map("field", "fixVersions", "operator", "is_empty"))));
        return configuration;
    }

    /** A mutable map from key-value pairs, keeping their order. */
    public static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> nested(Map<String, Object> body, String key) {
        return (Map<String, Object>) body.get(key);
    }
}
