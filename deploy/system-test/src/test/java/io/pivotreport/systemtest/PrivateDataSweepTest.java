package io.pivotreport.systemtest;

import io.pivotreport.launcher.ServiceSpec;
import io.pivotreport.systemtest.harness.Http;
import io.pivotreport.systemtest.harness.JiraSite;
import io.pivotreport.systemtest.harness.Jwt;
import io.pivotreport.systemtest.harness.Payloads;
import io.pivotreport.systemtest.harness.PrivateDataScanner;
import io.pivotreport.systemtest.harness.PrivateDataScanner.Hit;
import io.pivotreport.systemtest.harness.PrivateDataScanner.Marker;
import io.pivotreport.systemtest.harness.SystemUnderTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Policy P4 (issue 10 item 4): private data is neither collected nor stored. Plants e-mail addresses, display names,
 * issue summaries, the site's shared secret and complete raw JWTs into every request path of the running platform
 * (every public route of the gateway: lifecycle callbacks, the page load, the reports API, the event intake, the licence
 * route, the support path; bodies, unknown fields, id fields, query parameters, path segments and headers), then
 * sweeps every column of every table of every service database, every log file in the state directory and every line
 * Loki received: zero hits. Whether the gateway accepts or refuses a planted request does not matter; where the
 * markers end up does.
 *
 * <p>Each kind has a marker unique to the run, so a hit is unambiguous; a field the platform stores by design (a report
 * name, a JQL query, a support reason) carries only what the platform can recognise there (e-mail addresses); free
 * text such as a display name goes where nothing is stored (unknown fields, headers, query parameters, path
 * segments). A control word is planted where it must be found (a saved report's name, a query parameter of a
 * logged request), so a sweep that finds nothing cannot be a sweep that looked nowhere.
 *
 * <p>Runs last, after the faults: whatever the other classes' retries and restarts logged is swept too.
 */
@ExtendWith(SystemUnderTest.Extension.class)
@Order(9)
class PrivateDataSweepTest {

    private static final String EMAIL = "e-mail address";
    private static final String DISPLAY_NAME = "display name";
    private static final String SUMMARY = "issue summary";
    private static final String SECRET = "shared secret";
    private static final String CONTEXT_JWT = "raw JWT: context token";
    private static final String PAGE_JWT = "raw JWT: page-load host token";
    private static final String INSTALL_JWT = "raw JWT: signed install";
    private static final String PRIVATE_CLAIMS_JWT = "raw JWT with private claims";
    private static final String SUPPORT_JWT = "raw JWT: support token";
    private static final String CONTROL = "control word (must be found)";

    private final SystemUnderTest system = SystemUnderTest.get();
    private final Http gateway = system.gateway();

    private final String run = HexFormat.of().formatHex(randomBytes(6));
    private final String emailToken = "sweepmail" + run;
    private final String email = emailToken + "@example.com";
    private final String nameToken = "Sweepname" + run;
    private final String displayName = "Ottilie " + nameToken;
    private final String summaryToken = "Sweepsummary" + run;
    private final String summary = "Checkout fails for " + summaryToken + " after the upgrade";
    private final String control = "Sweepcontrol" + run;

    private final JiraSite site = JiraSite.random();
    private final List<Marker> markers = new ArrayList<>();

    @Test
    void privateDataPlantedInEveryRequestPathIsFoundInNoDatabaseAndNoLogLine() throws SQLException {
        markers.add(new Marker(EMAIL, emailToken));
        markers.add(new Marker(DISPLAY_NAME, nameToken));
        markers.add(new Marker(SUMMARY, summaryToken));
        markers.add(new Marker(SECRET, site.sharedSecret()));
        markers.add(new Marker(CONTROL, control));

        String privateJwt = privateClaimsJwt();
        plantInLifecycleCallbacksAndThePageLoad(privateJwt);
        String tenantId = site.tenantId(system);
        String contextToken = site.contextToken();
        markers.add(new Marker(CONTEXT_JWT, signature(contextToken)));
        String reportId = plantInTheReportsApi(contextToken, privateJwt);
        plantInTheEventIntake(contextToken, privateJwt);
        plantInTheLicenceRoute(privateJwt);
        plantInTheSupportPath(tenantId, reportId);
        plantInForgeLifecycle(privateJwt);

        // the control request is the last one: once its access line reached Loki, every planted line before it has
        // cv (the Connect version Jira sends) is a parameter whose safe value the access log keeps; the pair stays
        // under 32 characters, the length platform-logging redacts as a secret-looking run
        send(gateway.get("/api/license?cv=" + control).jwt(contextToken));
        await("the control request's access line in Loki").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> system.loki().lines().stream().anyMatch(l -> l.line().contains(control)));

        PrivateDataScanner scanner = new PrivateDataScanner(markers);
        for (ServiceSpec spec : List.of(ServiceSpec.LICENSE, ServiceSpec.REPORT, ServiceSpec.ANALYTICS)) {
            try (Connection connection = system.database(spec.database())) {
                scanner.scanDatabase(spec.database(), connection);
            }
        }
        scanner.scanLogDirectory(system.stateDir().resolve("logs"));
        scanner.scanLoki(system.loki().lines());

        PrivateDataScanner.Coverage coverage = scanner.coverage();
        System.out.println("PrivateDataSweepTest swept " + coverage);
        assertEquals(3, coverage.databases(), coverage.toString());
        assertTrue(coverage.tables() >= 10 && coverage.rows() > 0 && coverage.cells() > coverage.rows(),
                "the sweep read tables and rows: " + coverage);
        assertTrue(coverage.logFiles() >= 4 && coverage.logLines() > 0 && coverage.lokiLines() > 0,
                "the sweep read log files and shipped lines: " + coverage);

        // positive controls: the scanner finds what is there, in a database, in a log file and in Loki
        List<Hit> controls = scanner.hitsOf(CONTROL);
        assertTrue(controls.stream().anyMatch(h -> h.where().startsWith("report.") && h.where().contains("saved_report")),
                "the control word of a saved report's name was not found in report-service's database: " + controls);
        assertTrue(controls.stream().anyMatch(h -> h.where().startsWith("gateway-service.log:")),
                "the control word of a logged request was not found in gateway-service.log: " + controls);
        assertTrue(controls.stream().anyMatch(h -> h.where().startsWith("Loki line")),
                "the control word of a logged request was not found in Loki: " + controls);

        List<Hit> leaks = scanner.hits().stream().filter(h -> !h.kind().equals(CONTROL)).toList();
        if (!leaks.isEmpty()) {
            fail("private data planted in requests was found " + leaks.size() + " time(s) (markers of run " + run
                    + "; values not printed):" + PrivateDataScanner.describe(leaks));
        }
    }

    /** Install (odd bodies first, then the real one with a description naming a person), enable, page loads. */
    private void plantInLifecycleCallbacksAndThePageLoad(String privateJwt) {
        String installPath = "/lifecycle/installed";
        system.personalData().registerTenant(site.clientKey(), site.sharedSecret());

        Map<String, Object> unknownFields = site.lifecycleBody("installed");
        unknownFields.put("userEmail", email);
        unknownFields.put("displayName", displayName);
        unknownFields.put("issueSummary", summary);
        send(gateway.post(installPath).jwt(signedInstall(installPath)).json(unknownFields));

        Map<String, Object> userInfo = site.lifecycleBody("installed");
        String host = site.baseUrl().substring("https://".length());
        userInfo.put("baseUrl", "https://" + emailToken + ":" + site.sharedSecret() + "@" + host);
        userInfo.put("displayUrl", "https://" + host + "/?user=" + enc(email));
        send(gateway.post(installPath).jwt(signedInstall(installPath)).json(userInfo));

        Map<String, Object> install = site.lifecycleBody("installed");
        install.put("description", "Jira of " + displayName + " <" + email + ">: " + summary);
        Http.Answer installed = retriedWhileUnavailable(() -> send(gateway.post(installPath)
                .jwt(signedInstall(installPath)).json(install)));
        assertEquals(204, installed.status(), "the install with a description: " + installed);

        Map<String, Object> enable = site.lifecycleBody("enabled");
        enable.put("description", "Enabled by " + displayName + " <" + email + ">");
        Http.Answer enabled = retriedWhileUnavailable(() -> send(gateway.post("/lifecycle/enabled")
                .jwt(site.hostToken("POST", "/lifecycle/enabled", null, null)).json(enable)));
        assertEquals(204, enabled.status(), "enable: " + enabled);
        send(gateway.post("/lifecycle/enabled").jwt(privateJwt).json(enable));

        // the page load: person data in extra query parameters, under a valid host token over the full query
        String plantedQuery = site.pageQuery("active") + "&user_email=" + enc(email) + "&user_name="
                + enc(displayName) + "&issue_summary=" + enc(summary);
        String plantedPageToken = site.hostToken("GET", JiraSite.PAGE_PATH, plantedQuery, site.accountId());
        markers.add(new Marker(PAGE_JWT + " (with person data in its query)", signature(plantedPageToken)));
        send(gateway.get(JiraSite.PAGE_PATH + "?" + plantedQuery + "&jwt=" + plantedPageToken));
        send(gateway.get(JiraSite.PAGE_PATH + "?" + site.pageQuery("active") + "&jwt=" + privateJwt));

        String query = site.pageQuery("active");
        String pageToken = site.hostToken("GET", JiraSite.PAGE_PATH, query, site.accountId());
        markers.add(new Marker(PAGE_JWT, signature(pageToken)));
        Http.Answer page = send(gateway.get(JiraSite.PAGE_PATH + "?" + query + "&jwt=" + pageToken));
        assertEquals(200, page.status(), "the valid page load: " + page);
    }

    /** Returns the id of the saved control report. */
    private String plantInTheReportsApi(String contextToken, String privateJwt) {
        List<Map<String, Object>> bodies = new ArrayList<>();
        bodies.add(Payloads.report("Bugs of " + email, "private"));

        Map<String, Object> jql = Payloads.report("Assigned", "private");
        jql.put("source", Map.of("type", "jql", "query", "assignee = \"" + email + "\" ORDER BY created"));
        bodies.add(jql);

        Map<String, Object> sourceId = Payloads.report("By source", "private");
        sourceId.put("source", Map.of("type", "filter", "id", email));
        bodies.add(sourceId);

        Map<String, Object> filterValues = Payloads.report("Filtered", "shared");
        Map<String, Object> configuration = new LinkedHashMap<>(castMap(filterValues.get("configuration")));
        configuration.put("filters", List.of(Map.of("field", "reporter", "operator", "in", "values",
                List.of(email))));
        configuration.put("rows", List.of(Map.of("field", email)));
        filterValues.put("configuration", configuration);
        bodies.add(filterValues);

        Map<String, Object> unknown = Payloads.report("Unknown fields", "private");
        unknown.put("ownerDisplayName", displayName);
        unknown.put("ownerEmail", email);
        unknown.put("description", summary);
        unknown.put("token", privateJwt);
        unknown.put("secret", site.sharedSecret());
        bodies.add(unknown);

        Map<String, Object> unknownInConfiguration = Payloads.report("Unknown configuration", "private");
        Map<String, Object> extended = new LinkedHashMap<>(castMap(unknownInConfiguration.get("configuration")));
        extended.put("title", summary);
        extended.put("author", Map.of("displayName", displayName, "emailAddress", email));
        unknownInConfiguration.put("configuration", extended);
        bodies.add(unknownInConfiguration);

        for (Map<String, Object> body : bodies) {
            send(gateway.post("/api/reports").jwt(contextToken).json(body));
            send(gateway.post("/api/reports?owner=" + enc(email)).jwt(privateJwt).json(body));
        }

        Http.Answer controlReport = send(gateway.post("/api/reports").jwt(contextToken)
                .json(Payloads.report(control + " by status", "shared")));
        assertEquals(201, controlReport.status(), "the control report is saved: " + controlReport);
        String id = controlReport.json().get("id").asText();
        String etag = controlReport.header("ETag").orElseThrow();

        String query = "?page=0&size=20&owner=" + enc(email) + "&q=" + enc(displayName) + "&summary=" + enc(summary)
                + "&token=" + privateJwt + "&secret=" + enc(site.sharedSecret());
        send(gateway.get("/api/reports" + query).jwt(contextToken));
        send(gateway.get("/api/reports" + query).jwt(privateJwt));
        for (String segment : List.of(enc(email), enc(displayName), enc(summary), privateJwt,
                enc(site.sharedSecret()))) {
            send(gateway.get("/api/reports/" + segment).jwt(contextToken));
            send(gateway.put("/api/reports/" + segment).jwt(contextToken).header("If-Match", etag)
                    .json(Payloads.report("Renamed", "shared")));
            send(gateway.delete("/api/reports/" + segment).jwt(contextToken));
        }
        send(gateway.get("/api/reports/" + id + "?viewer=" + enc(email) + "&name=" + enc(displayName))
                .jwt(contextToken));
        send(gateway.put("/api/reports/" + id).jwt(contextToken).header("If-Match", etag)
                .json(Payloads.report("Renamed for " + email, "shared")));
        Map<String, Object> update = Payloads.report(control + " by status", "shared");
        update.put("lastEditor", displayName);
        send(gateway.put("/api/reports/" + id).jwt(contextToken).header("If-Match", etag).json(update));
        send(gateway.put("/api/reports/" + id).jwt(contextToken).header("If-Match", "\"" + email + "\"")
                .json(Payloads.report(control + " by status", "shared")));
        return id;
    }

    private void plantInTheEventIntake(String contextToken, String privateJwt) {
        List<Map<String, Object>> events = new ArrayList<>();

        Map<String, Object> unknown = Payloads.event(UUID.randomUUID(), 120);
        unknown.put("userEmail", email);
        unknown.put("displayName", displayName);
        unknown.put("summary", summary);
        events.add(unknown);

        Map<String, Object> idFields = Payloads.event(UUID.randomUUID(), 130);
        idFields.put("source", Map.of("type", "project", "ids", List.of(email, displayName, summary,
                site.sharedSecret())));
        events.add(idFields);

        Map<String, Object> eventId = Payloads.event(UUID.randomUUID(), 140);
        eventId.put("eventId", email);
        events.add(eventId);

        Map<String, Object> strings = Payloads.event(UUID.randomUUID(), 150);
        strings.put("appVersion", displayName);
        strings.put("browserFamily", email);
        events.add(strings);

        Map<String, Object> failure = Payloads.failure(UUID.randomUUID());
        failure.put("failureCode", summary);
        events.add(failure);

        Map<String, Object> token = Payloads.failure(UUID.randomUUID());
        token.put("failureCode", privateJwt);
        events.add(token);

        for (Map<String, Object> event : events) {
            send(gateway.post("/api/events").jwt(contextToken).json(Payloads.batch(List.of(event))));
        }
        Map<String, Object> topLevel = new LinkedHashMap<>();
        topLevel.put("events", List.of(Payloads.event(UUID.randomUUID(), 160)));
        topLevel.put("user", Map.of("emailAddress", email, "displayName", displayName));
        send(gateway.post("/api/events").jwt(contextToken).json(topLevel));
        send(gateway.post("/api/events?user=" + enc(email)).jwt(privateJwt)
                .json(Payloads.batch(List.of(Payloads.event(UUID.randomUUID(), 170)))));
    }

    private void plantInTheLicenceRoute(String privateJwt) {
        send(gateway.get("/api/license?email=" + enc(email) + "&name=" + enc(displayName)).jwt(privateJwt));
        send(gateway.get("/api/license/" + enc(email)).jwt(privateJwt));
        send(gateway.get("/api/license?jwt=" + privateJwt));
    }

    /** The audited support path: a reason and a ticket naming a person, a token whose claims name one. */
    private void plantInTheSupportPath(String tenantId, String reportId) {
        String engineer = "eng-" + run;
        String valid = system.supportToken(engineer, Map.of());
        markers.add(new Marker(SUPPORT_JWT, signature(valid)));
        Map<String, Object> personal = new LinkedHashMap<>();
        personal.put("sub", email);
        personal.put("name", displayName);
        personal.put("email", email);
        personal.put("support_reason", summary);
        String withPersonData = system.supportToken(email, personal);
        markers.add(new Marker(SUPPORT_JWT + " (with person data in its claims)", signature(withPersonData)));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<String> routes = List.of("license", "reports", "reports/" + reportId,
                "analytics/daily?from=" + today + "&to=" + today);
        for (String route : routes) {
            String path = "/support/tenants/" + tenantId + "/" + route;
            send(gateway.get(path).bearer(valid)
                    .header("X-Support-Reason", "Customer " + email + " reports slow pivots")
                    .header("X-Support-Ticket", email));
            send(gateway.get(path).bearer(withPersonData)
                    .header("X-Support-Reason", "Slow pivots reported on PRS-1234"));
            String separator = route.contains("?") ? "&" : "?";
            send(gateway.get(path + separator + "reason=" + enc(summary) + "&user=" + enc(email)).bearer(valid)
                    .header("X-Support-Reason", "Slow pivots reported on PRS-1234"));
        }
        send(gateway.get("/support/tenants/" + enc(email) + "/license").bearer(valid)
                .header("X-Support-Reason", "Slow pivots reported on PRS-1234"));
    }

    private void plantInForgeLifecycle(String privateJwt) {
        send(gateway.post("/forge/lifecycle").bearer(privateJwt)
                .json(Map.of("eventType", "avi:forge:installed:app", "user", Map.of("email", email, "name",
                        displayName))));
    }

    /** Jira resends a lifecycle callback the app answered 503 (a private service slow on a loaded machine). */
    private static Http.Answer retriedWhileUnavailable(java.util.concurrent.Callable<Http.Answer> call) {
        return await("an answer other than 503").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(call, answer -> answer.status() != 503);
    }

    /** Every planted request also carries person data and a raw token in the headers a browser or proxy adds. */
    private Http.Call planted(Http.Call call) {
        return call.header("User-Agent", "Mozilla/5.0 (X11; " + displayName + "; " + email + ")")
                .header("Referer", site.baseUrl() + "/browse/PIV-7?focusedUser=" + enc(email) + "&summary="
                        + enc(summary))
                .header("X-Forwarded-For", "203.0.113.9, " + email)
                .header("From", email)
                .header("X-Atlassian-User", displayName)
                .header("Cookie", "session=" + privateClaimsJwt());
    }

    private Http.Answer send(Http.Call call) {
        return planted(call).send();
    }

    private String privateJwt;

    /**
     * A context token of the site, validly signed with its shared secret, whose claims carry person data the way
     * Connect's old context tokens did ({@code context.user} with a display name and an e-mail address).
     */
    private String privateClaimsJwt() {
        if (privateJwt == null) {
            Map<String, Object> claims = Jwt.claims(site.clientKey(), site.accountId(), 180);
            claims.put("qsh", "context-qsh");
            claims.put("context", Map.of("user", Map.of("accountId", site.accountId(), "displayName", displayName,
                    "emailAddress", email), "issue", Map.of("summary", summary)));
            privateJwt = Jwt.hs256(claims, site.sharedSecret());
            markers.add(new Marker(PRIVATE_CLAIMS_JWT, signature(privateJwt)));
        }
        return privateJwt;
    }

    private String signedInstall(String path) {
        String token = site.signedInstallToken(system, path);
        markers.add(new Marker(INSTALL_JWT, signature(token)));
        return token;
    }

    private static String signature(String jwt) {
        String signature = jwt.substring(jwt.lastIndexOf('.') + 1);
        assertFalse(signature.length() < 20, "a JWT signature long enough to be a unique marker");
        return signature;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
