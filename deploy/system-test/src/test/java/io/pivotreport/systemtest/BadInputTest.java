package io.pivotreport.systemtest;

import io.pivotreport.systemtest.harness.ForgeSite;
import io.pivotreport.systemtest.harness.Http;
import io.pivotreport.systemtest.harness.JiraSite;
import io.pivotreport.systemtest.harness.Jwt;
import io.pivotreport.systemtest.harness.Payloads;
import io.pivotreport.systemtest.harness.SystemUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input from an authenticated caller, on every route and parameter: malformed JSON, oversized bodies, wrong
 * content types, path traversal and SQL metacharacters. Each must be a clear 4xx (problem+json where there is a
 * body to describe), never a 5xx, and nothing may be stored.
 */
@ExtendWith(SystemUnderTest.Extension.class)
@Order(3)
class BadInputTest {

    /** Path traversal, SQL metacharacters and other values no parameter of the API accepts. */
    static final List<String> HOSTILE = List.of(
            "../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", "....//....//", "..\\..\\win.ini",
            "/etc/passwd", "' OR '1'='1", "1; DROP TABLE saved_report; --",
            "1' UNION SELECT secret_ciphertext FROM tenant --", "\" OR \"\"=\"", "'; SELECT pg_sleep(10); --",
            "%00", "\u0000", "-1", "99999999999999999999", "1e9", "NaN", "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1:1/a}", "%s%s%n", "\r\nX-Injected: 1", "\uD835\uDD4F", " ", "");

    static SystemUnderTest system;
    static Http gateway;
    static JiraSite site;
    static String tenantId;
    /** Sites the app API probes rotate over: together they stay below the per-tenant rate limit (20/s each). */
    static final List<JiraSite> pool = new ArrayList<>();
    static final List<String> poolTenants = new ArrayList<>();
    static int next;
    static final List<String> violations = new ArrayList<>();

    @BeforeAll
    static void site() {
        system = SystemUnderTest.get();
        gateway = system.gateway();
        site = JiraSite.random().onboard(system);
        tenantId = site.tenantId(system);
        pool.add(site);
        poolTenants.add(tenantId);
        for (int i = 0; i < 7; i++) {
            JiraSite other = JiraSite.random().onboard(system);
            pool.add(other);
            poolTenants.add(other.tenantId(system));
        }
    }

    /** The next site of the pool, round robin. */
    static synchronized JiraSite api() {
        return pool.get(next++ % pool.size());
    }

    /** Nothing any test here sent may have been stored: no report, no event, no changed licence, no tenant. */
    @AfterAll
    static void nothingWasStored() {
        assertEquals(0, system.count("report", "SELECT count(*) FROM saved_report WHERE tenant_id = ANY(?::text[])",
                "{" + String.join(",", poolTenants) + "}"), "a report was stored from bad input");
        UUID marker = UUID.randomUUID();
        assertEquals(202, gateway.post("/api/events").jwt(site.contextToken())
                .json(Payloads.batch(List.of(Payloads.event(marker, 100)))).send().status());
        await("the marker event").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> system.count("analytics", "SELECT count(*) FROM session_event WHERE event_id = ?::uuid",
                        marker.toString()) == 1);
        assertEquals(1, system.count("analytics", "SELECT count(*) FROM session_event WHERE tenant_id = ANY(?::text[])",
                "{" + String.join(",", poolTenants) + "}"), () -> "an event was stored from bad input: " + system.query(
                "analytics", "SELECT row_to_json(e)::text FROM session_event e WHERE tenant_id = ANY(?::text[])",
                "{" + String.join(",", poolTenants) + "}"));
        assertEquals(List.of("active"), system.query("license", "SELECT DISTINCT license_status FROM tenant "
                + "WHERE id = ANY(?::uuid[])", "{" + String.join(",", poolTenants) + "}"),
                "a hostile lic value was recorded");
        assertEquals(0, system.count("license", "SELECT count(*) FROM tenant WHERE client_key LIKE '%bad-input%'"
                + " OR base_url LIKE '%bad-input%'"), "a tenant was created from a bad lifecycle body");
        assertEquals(List.of(site.baseUrl()), system.query("license", "SELECT base_url FROM tenant WHERE id = ?::uuid",
                tenantId), "a lifecycle body changed the site's base URL");
    }

    /**
     * A 4xx, with a problem+json body that says what is wrong (never the 5xx of a crash). The HTTP layer's own
     * refusals of a request too large to read (413 above the listener's body limit, 414, 431) and of an unknown path
     * (404, 405) are clear by their status alone.
     */
    private static void expectClear4xx(String what, Http.Answer answer) {
        if (answer.status() >= 500 || answer.status() < 400) {
            violations.add(what + " -> " + answer);
            return;
        }
        if (answer.status() == 429) {
            violations.add(what + " -> 429: rate-limited, so the case itself was never exercised");
            return;
        }
        boolean clearByStatus = Set.of(404, 405, 413, 414, 431).contains(answer.status());
        if (!clearByStatus && (!answer.isProblem() || !answer.body().contains("\"title\""))) {
            violations.add(what + " -> " + answer.status() + " without a problem+json body: " + answer);
        }
    }

    private static void expectNo5xx(String what, Http.Answer answer) {
        if (answer.status() >= 500) {
            violations.add(what + " -> " + answer);
        }
    }

    private static void assertNoViolations() {
        List<String> found = new ArrayList<>(violations);
        violations.clear();
        assertTrue(found.isEmpty(), found.size() + " bad inputs were not answered with a clear 4xx:\n  "
                + String.join("\n  ", found.subList(0, Math.min(30, found.size()))));
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void malformedJsonIsAClear400OnEveryBodyRoute() {
        List<String> bodies = List.of("", "{", "{\"name\":", "[]", "null", "\"text\"", "42", "{\"a\":1,\"a\":2}",
                "{\"name\":\"x\"} trailing", "{'name':'single quotes'}", "{\"name\":NaN}", "\uFEFF{\"name\":\"bom\"}",
                "[".repeat(5000) + "]".repeat(5000), "{\"name\":\"" + "\\u0000".repeat(10) + "\"}",
                "{\"events\":[{\"eventId\":\"" + UUID.randomUUID() + "\",}]}", "{\"name\":\"\\ud800\"}");
        for (String body : bodies) {
            expectClear4xx("POST /api/reports " + abbreviate(body),
                    gateway.post("/api/reports").jwt(api().contextToken()).body("application/json", body).send());
            expectClear4xx("PUT /api/reports/{id} " + abbreviate(body),
                    gateway.put("/api/reports/" + UUID.randomUUID()).jwt(api().contextToken()).header("If-Match", "\"0\"")
                            .body("application/json", body).send());
            expectClear4xx("POST /api/events " + abbreviate(body),
                    gateway.post("/api/events").jwt(api().contextToken()).body("application/json", body).send());
            expectClear4xx("POST /lifecycle/enabled " + abbreviate(body),
                    gateway.post("/lifecycle/enabled").jwt(site.hostToken("POST", "/lifecycle/enabled", null, null))
                            .body("application/json", body).send());
        }
        byte[] notUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        expectClear4xx("POST /api/reports with invalid UTF-8",
                gateway.post("/api/reports").jwt(api().contextToken()).body("application/json", notUtf8).send());
        assertNoViolations();
    }

    @Test
    void oversizedBodiesAreA413BeforeAnythingIsRead() {
        Map<String, Object> report = Payloads.report("x".repeat(70_000), "private");
        expectClear4xx("POST /api/reports 70 kB", gateway.post("/api/reports").jwt(api().contextToken()).json(report)
                .send());
        expectClear4xx("PUT /api/reports 70 kB", gateway.put("/api/reports/" + UUID.randomUUID())
                .jwt(api().contextToken()).header("If-Match", "\"0\"").json(report).send());
        String big = "{\"events\":[" + "{\"eventId\":\"x\"},".repeat(20_000) + "{}]}";
        expectClear4xx("POST /api/events 300+ kB", gateway.post("/api/events").jwt(api().contextToken())
                .body("application/json", big).send());
        expectClear4xx("POST /api/reports 1 MB", gateway.post("/api/reports").jwt(api().contextToken())
                .body("application/json", "{\"name\":\"" + "y".repeat(1_000_000) + "\"}").send());
        Map<String, Object> lifecycle = new LinkedHashMap<>(site.lifecycleBody("enabled"));
        lifecycle.put("description", "d".repeat(20_000));
        expectClear4xx("POST /lifecycle/enabled 20 kB", gateway.post("/lifecycle/enabled")
                .jwt(site.hostToken("POST", "/lifecycle/enabled", null, null)).json(lifecycle).send());
        Http.Answer tooLarge = gateway.post("/api/reports").jwt(api().contextToken()).json(report).send();
        assertEquals(413, tooLarge.status(), tooLarge.toString());
        assertTrue(tooLarge.isProblem(), "the gateway's own limit answers problem+json: " + tooLarge);
        assertNoViolations();
    }

    @Test
    void wrongContentTypesAreRefused() {
        String report = Jwt.toJson(Payloads.report("Typed wrongly", "private"));
        String events = Jwt.toJson(Payloads.batch(List.of(Payloads.event(UUID.randomUUID(), 100))));
        for (String type : new String[] {"text/plain", "application/xml", "text/html", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "application/octet-stream", "application/json-patch+json",
                "image/png", "application/jsonx", "json"}) {
            expectClear4xx("POST /api/reports as " + type, gateway.post("/api/reports").jwt(api().contextToken())
                    .body(type, report).send());
            expectClear4xx("POST /api/events as " + type, gateway.post("/api/events").jwt(api().contextToken())
                    .body(type, events).send());
            expectClear4xx("PUT /api/reports/{id} as " + type, gateway.put("/api/reports/" + UUID.randomUUID())
                    .jwt(api().contextToken()).header("If-Match", "\"0\"").body(type, report).send());
        }
        assertNoViolations();
    }

    /** A body that does not say it is JSON (no Content-Type, or the wildcard) is not read as JSON either. */
    @Test
    void aBodyThatDoesNotDeclareJsonIsRefusedAndNotStored() {
        JiraSite untyped = JiraSite.random().onboard(system);
        String untypedTenant = untyped.tenantId(system);
        String report = Jwt.toJson(Payloads.report("Untyped", "private"));
        for (String type : new String[] {null, "*/*"}) {
            expectClear4xx("POST /api/reports with Content-Type " + type, gateway.post("/api/reports")
                    .jwt(untyped.contextToken()).body(type, report).send());
            expectClear4xx("POST /api/events with Content-Type " + type, gateway.post("/api/events")
                    .jwt(untyped.contextToken()).body(type, Jwt.toJson(Payloads.batch(List.of(
                            Payloads.event(UUID.randomUUID(), 100))))).send());
        }
        List<String> found = new ArrayList<>(violations);
        violations.clear();
        assertTrue(found.isEmpty(), "gateway-service reads a body without a JSON Content-Type as JSON and stores it "
                + "(POST /api/reports → 201, POST /api/events → 202; expected 415 problem+json): "
                + found.size() + " cases:\n  " + String.join("\n  ", found) + "\n  reports stored: "
                + system.count("report", "SELECT count(*) FROM saved_report WHERE tenant_id = ?", untypedTenant));
    }

    @Test
    void hostileValuesInEveryReportParameterAreAClear4xx() {
        String anId = UUID.randomUUID().toString();
        for (String value : HOSTILE) {
            if (!value.isEmpty()) { // an empty query value is an absent one: the default applies
                expectClear4xx("GET /api/reports?page=" + value, gateway.get("/api/reports?page=" + q(value)
                        + "&size=5").jwt(api().contextToken()).send());
                expectClear4xx("GET /api/reports?size=" + value, gateway.get("/api/reports?page=0&size=" + q(value))
                        .jwt(api().contextToken()).send());
            }
            String id = q(value).replace("+", "%20");
            if (!id.isEmpty()) {
                expectClear4xx("GET /api/reports/" + value, gateway.get("/api/reports/" + id).jwt(api().contextToken())
                        .send());
                expectClear4xx("PUT /api/reports/" + value, gateway.put("/api/reports/" + id).jwt(api().contextToken())
                        .header("If-Match", "\"0\"").json(Payloads.report("Put", "private")).send());
                expectClear4xx("DELETE /api/reports/" + value, gateway.delete("/api/reports/" + id)
                        .jwt(api().contextToken()).send());
            }
            if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                expectClear4xx("PUT If-Match: " + value, gateway.put("/api/reports/" + anId).jwt(api().contextToken())
                        .header("If-Match", value).json(Payloads.report("Put", "private")).send());
            }
            eachReportField(value, (field, body) -> expectClear4xx("POST /api/reports " + field + "=" + value,
                    gateway.post("/api/reports").jwt(api().contextToken()).json(body).send()));
            eachEventField(value, (field, body) -> expectClear4xx("POST /api/events " + field + "=" + value,
                    gateway.post("/api/events").jwt(api().contextToken()).json(body).send()));
        }
        // traversal in the raw path never reaches anything else (metrics, internal routes, other services)
        for (String path : new String[] {"/api/reports/..", "/api/reports/%2e%2e", "/api/reports/..%2F..%2Fq%2Fmetrics",
                "/api/reports/../../q/metrics", "/api/reports/%2e%2e/%2e%2e/internal/license",
                "/api/reports/..;/..;/q/health", "/api/reports/%252e%252e%252f", "/api/reports//etc/passwd",
                "/api/../internal/tenants/connect/x/verification", "/internal/license", "/reports",
                "/support/tenants/" + tenantId + "/daily", "/q/metrics", "/api/reports/" + anId + "/..%00"}) {
            Http.Answer answer = gateway.get(path).jwt(api().contextToken()).send();
            expectClear4xx("GET " + path, answer);
            assertFalse(answer.body().contains("jvm_") || answer.body().contains("sharedSecret"),
                    path + " reached something it must not: " + answer);
        }
        assertNoViolations();
    }

    /**
     * Fields with a format (the app key, URLs, the event type) refuse every hostile value; Atlassian's opaque
     * identifiers (entitlement, OAuth client, cloud id, versions) are printable strings by contract, so there a hostile
     * value may be accepted as data, but never with a 5xx.
     */
    @Test
    void hostileValuesInLifecycleAndForgeBodiesAreAClear4xx() {
        for (String value : HOSTILE) {
            for (String field : new String[] {"key", "baseUrl", "displayUrl", "eventType", "clientKey"}) {
                Map<String, Object> body = new LinkedHashMap<>(site.lifecycleBody("enabled"));
                body.put(field, value);
                expectClear4xx("POST /lifecycle/enabled " + field + "=" + value, gateway.post("/lifecycle/enabled")
                        .jwt(site.hostToken("POST", "/lifecycle/enabled", null, null)).json(body).send());
            }
            for (String field : new String[] {"productType", "serverVersion", "entitlementId", "oauthClientId",
                    "cloudId", "description"}) {
                Map<String, Object> body = new LinkedHashMap<>(site.lifecycleBody("enabled"));
                body.put(field, value);
                expectNo5xx("POST /lifecycle/enabled " + field + "=" + value, gateway.post("/lifecycle/enabled")
                        .jwt(site.hostToken("POST", "/lifecycle/enabled", null, null)).json(body).send());
            }
            // a new site whose install body carries the value (the token is genuine: only the body is bad)
            JiraSite newSite = new JiraSite("jira:bad-input-" + UUID.randomUUID(), site.sharedSecret(),
                    "https://bad-input-" + UUID.randomUUID().toString().substring(0, 8) + ".atlassian.net", null);
            for (String field : new String[] {"baseUrl", "key", "eventType", "displayUrl"}) {
                Map<String, Object> body = new LinkedHashMap<>(newSite.lifecycleBody("installed"));
                body.put(field, value);
                expectClear4xx("POST /lifecycle/installed " + field + "=" + value, gateway.post("/lifecycle/installed")
                        .jwt(newSite.signedInstallToken(system, "/lifecycle/installed")).json(body).send());
            }
            if (!value.isBlank() && (value.length() < 16 || value.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f))) {
                Map<String, Object> body = new LinkedHashMap<>(newSite.lifecycleBody("installed"));
                body.put("sharedSecret", value);
                expectClear4xx("POST /lifecycle/installed sharedSecret=" + value, gateway.post("/lifecycle/installed")
                        .jwt(newSite.signedInstallToken(system, "/lifecycle/installed")).json(body).send());
            }
            ForgeSite forge = ForgeSite.random();
            Map<String, Object> body = new LinkedHashMap<>(Map.of("eventType", value,
                    "id", UUID.randomUUID().toString(), "context", Map.of("cloudId", forge.cloudId())));
            expectClear4xx("POST /forge/lifecycle eventType=" + value, gateway.post("/forge/lifecycle")
                    .bearer(forge.token(system, forge.claims(null, null))).json(body).send());
        }
        assertNoViolations();
        assertEquals(0, system.count("license", "SELECT count(*) FROM tenant WHERE client_key LIKE 'jira:bad-input-%'"),
                "no site was installed from a bad body");
    }

    @Test
    void hostileQueryValuesOnTheSignedPageAreNotReflectedNorRecorded() {
        for (String value : HOSTILE) {
            if (value.isEmpty()) {
                continue;
            }
            String query = "lic=" + q(value) + "&xdm_e=" + q(value) + "&tz=" + q(value) + "&cp=" + q(value);
            JiraSite s = api();
            Http.Answer page = gateway.get(JiraSite.PAGE_PATH + "?" + query + "&jwt="
                    + s.hostToken("GET", JiraSite.PAGE_PATH, query, s.accountId())).send();
            assertTrue(page.status() == 200 || (page.status() >= 400 && page.status() < 500),
                    "page with " + value + ": " + page);
            if (value.length() > 2) {
                assertFalse(page.body().contains(value), "the page reflects a query value: " + value);
            }
        }
    }

    @Test
    void sqlMetacharactersInFreeTextAreStoredVerbatimAndHarmless() {
        JiraSite other = JiraSite.random().onboard(system);
        String name = "Robert'); DROP TABLE saved_report; -- \" \\ ../../etc/passwd %00 ${x}";
        Map<String, Object> body = Payloads.report(name, "private");
        body.put("source", Map.of("type", "jql", "query", "project = 'PIV' OR '1'='1' -- \"; DROP TABLE tenant;"));
        Http.Answer created = gateway.post("/api/reports").jwt(other.contextToken()).json(body).send();
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();
        Http.Answer read = gateway.get("/api/reports/" + id).jwt(other.contextToken()).send();
        assertEquals(name, read.json().get("name").asText(), "stored verbatim");
        assertEquals(name, system.query("report", "SELECT name FROM saved_report WHERE id = ?::uuid", id).get(0));
        assertTrue(system.count("report", "SELECT count(*) FROM saved_report") >= 1, "the table is still there");
        assertEquals(204, gateway.delete("/api/reports/" + id).jwt(other.contextToken()).send().status());
    }

    private static void eachReportField(String value, BiConsumer<String, Map<String, Object>> call) {
        Map<String, Object> base = Payloads.report("Field probe", "private");
        Map<String, Object> body;
        body = copy(base);
        body.put("visibility", value);
        call.accept("visibility", body);
        body = copy(base);
        body.put("source", Map.of("type", value, "id", "PIV"));
        call.accept("source.type", body);
        body = copy(base);
        body.put("source", Map.of("type", "filter", "id", value));
        call.accept("source.id", body);
        body = copy(base);
        body.put("configuration", Map.of("schemaVersion", 1, "rows", List.of(Map.of("field", value))));
        call.accept("configuration.rows[0].field", body);
        body = copy(base);
        body.put("configuration", Map.of("schemaVersion", 1, "columns",
                List.of(Map.of("field", "created", "dateGrouping", value))));
        call.accept("configuration.columns[0].dateGrouping", body);
        body = copy(base);
        body.put("configuration", Map.of("schemaVersion", 1, "measures", List.of(Map.of("aggregation", value))));
        call.accept("configuration.measures[0].aggregation", body);
        body = copy(base);
        body.put("configuration", Map.of("schemaVersion", 1, "filters", List.of(Map.of("field", "status",
                "operator", "in", "values", List.of(value)))));
        call.accept("configuration.filters[0].values[0]", body);
        body = copy(base);
        body.put("configuration", Map.of("schemaVersion", value));
        call.accept("configuration.schemaVersion", body);
        body = copy(base);
        body.put("tenantId", value);
        call.accept("tenantId (not a member)", body);
    }

    private static void eachEventField(String value, BiConsumer<String, Map<String, Object>> call) {
        for (String field : new String[] {"eventId", "type", "occurredAt", "appVersion", "browserFamily",
                "failureCode", "tenantId"}) {
            Map<String, Object> event = Payloads.event(UUID.randomUUID(), 100);
            event.put(field, value);
            call.accept(field, Payloads.batch(List.of(event)));
        }
        Map<String, Object> event = Payloads.event(UUID.randomUUID(), 100);
        event.put("source", Map.of("type", "project", "ids", List.of("PIV", value)));
        call.accept("source.ids[1]", Payloads.batch(List.of(event)));
        event = Payloads.event(UUID.randomUUID(), 100);
        event.put("source", Map.of("type", value, "ids", List.of("PIV")));
        call.accept("source.type", Payloads.batch(List.of(event)));
        event = Payloads.event(UUID.randomUUID(), 100);
        event.put("counts", Map.of("issues", value));
        call.accept("counts.issues", Payloads.batch(List.of(event)));
    }

    private static Map<String, Object> copy(Map<String, Object> body) {
        return new LinkedHashMap<>(body);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
