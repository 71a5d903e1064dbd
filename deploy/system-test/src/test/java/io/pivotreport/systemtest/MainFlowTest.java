package io.pivotreport.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pivotreport.launcher.ServiceSpec;
import io.pivotreport.platform.logging.testing.ShippedLine;
import io.pivotreport.systemtest.harness.ForgeSite;
import io.pivotreport.systemtest.harness.Http;
import io.pivotreport.systemtest.harness.JiraSite;
import io.pivotreport.systemtest.harness.Payloads;
import io.pivotreport.systemtest.harness.SystemUnderTest;
import io.pivotreport.test.atlassian.PersonalDataApiFake;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real flows, end to end, through the public gateway only: signed install, enable, page load, saved reports,
 * session events, support aggregates through the audited support path, uninstall and erasure after the (shortened)
 * grace period; the support path's audit trail; Personal Data Reporting against the fake of Atlassian's API.
 */
@ExtendWith(SystemUnderTest.Extension.class)
@Order(1)
class MainFlowTest {

    private final SystemUnderTest system = SystemUnderTest.get();
    private final Http gateway = system.gateway();

    @Test
    void aSiteInstallsUsesTheAppUninstallsAndIsErasedAfterTheGracePeriod() {
        Http.Answer descriptor = gateway.get("/atlassian-connect.json").send();
        assertEquals(200, descriptor.status(), descriptor.toString());
        assertEquals(system.appBaseUrl(), descriptor.json().get("baseUrl").asText());

        JiraSite site = JiraSite.random();
        assertEquals(401, gateway.get("/api/license").jwt(site.contextToken()).send().status(),
                "an unknown site has no access");

        Http.Answer installed = site.install(system);
        assertEquals(204, installed.status(), "signed install: " + installed);
        Http.Answer enabled = site.enable(system);
        assertEquals(204, enabled.status(), "enable: " + enabled);

        Http.Answer page = site.loadPage(system, "active");
        assertEquals(200, page.status(), "page load: " + page);
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.header("Content-Security-Policy").orElse("").contains(site.baseUrl()),
                "the page may be framed by its own site only: " + page.header("Content-Security-Policy"));

        Http.Answer license = gateway.get("/api/license").jwt(site.contextToken()).send();
        assertEquals(200, license.status(), license.toString());
        String tenantId = license.json().get("tenantId").asText();
        assertEquals("enabled", license.json().get("state").asText());
        assertEquals("active", license.json().at("/license/status").asText());

        // saved reports: create, list, read, update (optimistic lock), delete
        Http.Answer created = gateway.post("/api/reports").jwt(site.contextToken())
                .json(Payloads.report("Bugs by status", "private")).send();
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();
        assertEquals("/api/reports/" + id, created.header("Location").orElse(""));
        String etag = created.header("ETag").orElseThrow();
        assertEquals(site.accountId(), created.json().get("ownerAccountId").asText());

        Http.Answer list = gateway.get("/api/reports?page=0&size=20").jwt(site.contextToken()).send();
        assertEquals(200, list.status(), list.toString());
        assertEquals(List.of(id), ids(list.json().get("items")));

        Http.Answer read = gateway.get("/api/reports/" + id).jwt(site.contextToken()).send();
        assertEquals(200, read.status(), read.toString());
        assertEquals("Bugs by status", read.json().get("name").asText());

        Http.Answer updated = gateway.put("/api/reports/" + id).jwt(site.contextToken()).header("If-Match", etag)
                .json(Payloads.report("Bugs by status and month", "shared")).send();
        assertEquals(200, updated.status(), updated.toString());
        assertEquals(1, updated.json().get("version").asInt());
        Http.Answer stale = gateway.put("/api/reports/" + id).jwt(site.contextToken()).header("If-Match", etag)
                .json(Payloads.report("Lost update", "shared")).send();
        assertEquals(409, stale.status(), "a stale version is refused: " + stale);
        assertEquals("Bugs by status and month", system.query("report",
                "SELECT name FROM saved_report WHERE id = ?::uuid", id).get(0), "the stale write changed nothing");

        Http.Answer deleted = gateway.delete("/api/reports/" + id).jwt(site.contextToken()).send();
        assertEquals(204, deleted.status(), deleted.toString());
        assertEquals(404, gateway.get("/api/reports/" + id).jwt(site.contextToken()).send().status());

        Http.Answer kept = gateway.post("/api/reports").jwt(site.contextToken())
                .json(Payloads.report("Kept until erasure", "shared")).send();
        assertEquals(201, kept.status(), kept.toString());
        assertEquals(1, system.count("report", "SELECT count(*) FROM saved_report WHERE tenant_id = ?", tenantId));

        // session events, then the support aggregates computed from them
        List<Map<String, Object>> events = new ArrayList<>();
        for (int totalMs : new int[] {100, 200, 300, 400, 500}) {
            events.add(Payloads.event(UUID.randomUUID(), totalMs));
        }
        events.add(Payloads.failure(UUID.randomUUID()));
        Http.Answer accepted = gateway.post("/api/events").jwt(site.contextToken()).json(Payloads.batch(events))
                .send();
        assertEquals(202, accepted.status(), accepted.toString());
        assertEquals(6, accepted.json().get("accepted").asInt());

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String supportToken = system.supportToken("support-engineer-1", Map.of());
        JsonNode day = await("support aggregates of the tenant").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Http.Answer daily = gateway.get("/support/tenants/" + tenantId + "/analytics/daily?from=" + today
                                    + "&to=" + today).bearer(supportToken)
                            .header("X-Support-Reason", "Checking the main flow's aggregates").send();
                    assertEquals(200, daily.status(), daily.toString());
                    return daily.json().at("/days/0");
                }, d -> d.get("reportsGenerated").asLong() == 5 && d.get("failures").asLong() == 1);
        assertEquals(300, day.get("generationP50Ms").asInt(), day.toString());
        assertEquals(500, day.get("generationP95Ms").asInt(), day.toString());

        // uninstall: nothing is erased during the grace period ...
        Http.Answer uninstalled = site.uninstall(system);
        assertEquals(204, uninstalled.status(), uninstalled.toString());
        assertEquals(List.of("uninstalled"), system.query("license", "SELECT state FROM tenant WHERE id = ?::uuid",
                tenantId));
        String uninstalledAt = system.query("license", "SELECT uninstalled_at FROM tenant WHERE id = ?::uuid",
                tenantId).get(0);
        assertEquals(1, system.count("report", "SELECT count(*) FROM saved_report WHERE tenant_id = ?", tenantId),
                "reports are kept during the grace period");
        Http.Answer afterUninstall = gateway.get("/api/reports").jwt(site.contextToken()).send();
        assertTrue(afterUninstall.status() == 401 || afterUninstall.status() == 403,
                "an uninstalled site has no access to reports: " + afterUninstall);

        // ... and everything is erased after it, in every service, with receipts recorded
        await("erasure of the tenant in every service").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> system.count("report", "SELECT count(*) FROM saved_report WHERE tenant_id = ?",
                        tenantId) == 0
                        && system.count("analytics", "SELECT count(*) FROM session_event WHERE tenant_id = ?",
                        tenantId) == 0
                        && system.query("license", "SELECT state FROM tenant WHERE id = ?::uuid", tenantId)
                        .equals(List.of("erased")));
        assertEquals(List.of("t"), system.query("license", "SELECT (erased_at - ?::timestamptz) >= "
                + "make_interval(secs => ?) FROM tenant WHERE id = ?::uuid",
                uninstalledAt, (double) SystemUnderTest.UNINSTALL_GRACE.toSeconds(), tenantId),
                "erased only after the grace");
        assertEquals(0, system.count("license", "SELECT count(*) FROM tenant WHERE client_key = ?", site.clientKey()),
                "the tombstone keeps no client key");
        await("erasure receipts of report-service and analytics-service").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Set.copyOf(system.query("license", "SELECT detail->>'service' FROM account_history "
                        + "WHERE tenant_id = ?::uuid AND kind = 'erasure-receipt'", tenantId)),
                        services -> services.containsAll(Set.of("report-service", "analytics-service")));
    }

    @Test
    void aForgeInstallationSavesAndListsReportsWithItsInvocationToken() {
        ForgeSite forge = ForgeSite.random().install(system);
        Http.Answer created = gateway.post("/api/reports").bearer(forge.userToken(system))
                .json(Payloads.report("Forge report", "private")).send();
        assertEquals(201, created.status(), created.toString());
        Http.Answer list = gateway.get("/api/reports").bearer(forge.userToken(system)).send();
        assertEquals(200, list.status(), list.toString());
        assertEquals(List.of(created.json().get("id").asText()), ids(list.json().get("items")));

        Http.Answer unlicensed = gateway.get("/api/reports").bearer(forge.token(system,
                forge.claims(forge.accountId(), false))).send();
        assertEquals(402, unlicensed.status(), "an inactive Forge licence: " + unlicensed);
    }

    /**
     * The audited support path (P8): an engineer's support token and a stated reason read the tenant's licence, reports,
     * one report and the analytics aggregates through the gateway; each service records who, for which tenant and why in
     * its append-only {@code support_access_audit} and ships the audit line to Loki. Without a reason nothing is read
     * and nothing recorded; the path is read-only, through the gateway and directly.
     */
    @Test
    void aSupportEngineerReadsATenantThroughTheAuditedPathAndEveryReadIsRecorded() {
        JiraSite site = JiraSite.random().onboard(system);
        String tenantId = site.tenantId(system);
        String reportId = createReport(site, "Support looks at this", "shared");
        assertEquals(202, gateway.post("/api/events").jwt(site.contextToken())
                .json(Payloads.batch(List.of(Payloads.event(UUID.randomUUID(), 250)))).send().status());

        String engineer = "eng-" + UUID.randomUUID().toString().substring(0, 8);
        String reason = "Customer reports slow pivot tables";
        String token = system.supportToken(engineer, Map.of());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String base = "/support/tenants/" + tenantId;

        Http.Answer license = gateway.get(base + "/license").bearer(token).header("X-Support-Reason", reason)
                .header("X-Support-Ticket", "PRS-1234").send();
        assertEquals(200, license.status(), "support read of the licence: " + license);
        assertEquals(tenantId, license.json().get("tenantId").asText(), license.toString());
        Http.Answer reports = gateway.get(base + "/reports").bearer(token).header("X-Support-Reason", reason).send();
        assertEquals(200, reports.status(), "support read of the reports: " + reports);
        assertTrue(reports.body().contains(reportId), reports.toString());
        Http.Answer report = gateway.get(base + "/reports/" + reportId).bearer(token)
                .header("X-Support-Reason", reason).send();
        assertEquals(200, report.status(), "support read of one report: " + report);
        Http.Answer daily = await("the tenant's aggregates through the support path").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.get(base + "/analytics/daily?from=" + today + "&to=" + today).bearer(token)
                        .header("X-Support-Reason", reason).send(), a -> a.status() == 200
                        && a.json().at("/days/0/reportsGenerated").asLong() == 1);
        assertEquals(200, daily.status(), daily.toString());

        // the audit trail: a row per read in each service read, who, which tenant, why
        for (String database : List.of("license", "report", "analytics")) {
            List<String> rows = system.query(database, "SELECT DISTINCT engineer || '|' || tenant_id || '|' || reason "
                    + "FROM support_access_audit WHERE engineer = ?", engineer);
            assertEquals(List.of(engineer + "|" + tenantId + "|" + reason), rows, database + "'s support audit");
        }
        assertEquals(List.of("PRS-1234"), system.query("license", "SELECT ticket FROM support_access_audit "
                + "WHERE engineer = ?", engineer), "the ticket is recorded");
        await("the audit lines of every service read, in Loki").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> system.loki().lines().stream().filter(l -> l.line().contains("engineer=" + engineer))
                        .map(ShippedLine::service).collect(Collectors.toSet()),
                        s -> s.containsAll(Set.of("license-service", "report-service", "analytics-service")));

        // no reason: refused before any service reads, nothing recorded
        long before = auditRows(engineer);
        Http.Answer noReason = gateway.get(base + "/reports").bearer(token).send();
        assertEquals(400, noReason.status(), "a support read without a reason: " + noReason);
        assertTrue(noReason.isProblem(), noReason.toString());
        assertEquals(before, auditRows(engineer), "a refused support read is not recorded as a read");

        // read-only: no write through the support path, and a support token writes nothing directly either
        Http.Answer post = gateway.post(base + "/reports").bearer(token).header("X-Support-Reason", reason)
                .json(Payloads.report("Support write", "shared")).send();
        assertEquals(405, post.status(), "POST on the support path: " + post);
        Http.Answer put = gateway.put(base + "/reports/" + reportId).bearer(token).header("X-Support-Reason", reason)
                .json(Payloads.report("Support write", "shared")).send();
        assertEquals(405, put.status(), "PUT on the support path: " + put);
        assertEquals(401, gateway.post("/api/reports").bearer(token).json(Payloads.report("Support write", "shared"))
                .send().status(), "a support token is no app token");
        String internalSupport = system.internalToken("report-service", tenantId, null, Set.of("support"));
        Http.Answer direct = system.service(ServiceSpec.REPORT).post("/reports").bearer(internalSupport)
                .json(Payloads.report("Support write", "shared")).send();
        assertEquals(403, direct.status(), "a direct write with the support role: " + direct);
        Http.Answer directDelete = system.service(ServiceSpec.REPORT).delete("/reports/" + reportId)
                .bearer(internalSupport).send();
        assertEquals(403, directDelete.status(), "a direct delete with the support role: " + directDelete);
        assertEquals(List.of("Support looks at this"), system.query("report",
                "SELECT name FROM saved_report WHERE id = ?::uuid", reportId), "the report is unchanged");
    }

    private long auditRows(String engineer) {
        long rows = 0;
        for (String database : List.of("license", "report", "analytics")) {
            rows += system.count(database, "SELECT count(*) FROM support_access_audit WHERE engineer = ?", engineer);
        }
        return rows;
    }

    /**
     * Personal Data Reporting (P13): the accountIds report-service holds reach Atlassian's API (the local fake) through
     * license-service, at most 90 a call; an account Atlassian answers {@code closed} for loses its private reports,
     * its shared reports stay without an owner, nobody else's change.
     */
    @Test
    void aClosedAccountLosesItsPrivateReportsAndItsSharedReportsStayWithoutOwner() {
        JiraSite site = JiraSite.random().onboard(system);
        String tenantId = site.tenantId(system);
        JiraSite closing = site.as("557058:" + UUID.randomUUID());
        JiraSite staying = site.as("557058:" + UUID.randomUUID());
        system.personalData().answer(closing.accountId(), PersonalDataApiFake.Status.CLOSED);

        String closingPrivate = createReport(closing, "Closing private", "private");
        String closingShared = createReport(closing, "Closing shared", "shared");
        String stayingPrivate = createReport(staying, "Staying private", "private");
        String stayingShared = createReport(staying, "Staying shared", "shared");
        // more owners than one call may carry, so the accounts must be split across calls
        List<String> accounts = new ArrayList<>(List.of(closing.accountId(), staying.accountId()));
        for (int i = 0; i < PersonalDataApiFake.MAX_ACCOUNTS; i++) {
            JiraSite user = site.as("557058:" + UUID.randomUUID());
            createReport(user, "Owner " + i, "private");
            accounts.add(user.accountId());
        }

        await("every owner reported to Atlassian").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> system.personalData().acceptedCalls().stream()
                        .flatMap(c -> c.accountIds().stream()).collect(Collectors.toSet()).containsAll(accounts));
        for (PersonalDataApiFake.Call call : system.personalData().calls()) {
            assertTrue(call.accounts().size() <= PersonalDataApiFake.MAX_ACCOUNTS,
                    "a report call carried " + call.accounts().size() + " accounts");
        }

        await("the closed account's data erased").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> system.count("report", "SELECT count(*) FROM saved_report WHERE owner_account_id = ?",
                        closing.accountId()) == 0);
        assertEquals(0, system.count("report", "SELECT count(*) FROM saved_report WHERE id = ?::uuid", closingPrivate),
                "the closed account's private report is gone");
        assertEquals(List.of("shared|true|true"), system.query("report", "SELECT visibility || '|' || "
                + "(owner_account_id IS NULL) || '|' || (owner_erased_at IS NOT NULL) FROM saved_report "
                + "WHERE id = ?::uuid", closingShared), "the closed account's shared report stays, without owner");
        assertEquals(List.of(staying.accountId(), staying.accountId()), system.query("report",
                "SELECT owner_account_id FROM saved_report WHERE id IN (?::uuid, ?::uuid) ORDER BY id",
                stayingPrivate, stayingShared), "another user's reports are untouched");
        Http.Answer ownerless = gateway.get("/api/reports/" + closingShared).jwt(staying.contextToken()).send();
        assertEquals(200, ownerless.status(), ownerless.toString());
        assertTrue(ownerless.json().get("ownerAccountId").isNull(), ownerless.toString());
        assertEquals(PersonalDataApiFake.MAX_ACCOUNTS + 2L, system.count("report",
                "SELECT count(*) FROM saved_report WHERE tenant_id = ? AND owner_account_id IS NOT NULL", tenantId),
                "every other owner keeps their reports");
    }

    private String createReport(JiraSite user, String name, String visibility) {
        Http.Answer created = gateway.post("/api/reports").jwt(user.contextToken())
                .json(Payloads.report(name, visibility)).send();
        assertEquals(201, created.status(), created.toString());
        return created.json().get("id").asText();
    }

    @Test
    void everyServiceShipsItsLogsToLokiWithoutSecretsOrTokens() {
        JiraSite site = JiraSite.random().onboard(system);
        String token = site.contextToken();
        assertEquals(200, gateway.get("/api/reports").jwt(token).send().status());

        Set<String> services = Set.of("gateway-service", "license-service", "report-service", "analytics-service");
        try {
            await("log lines from every service").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> shipped().containsAll(services));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Set<String> missing = new java.util.TreeSet<>(services);
            missing.removeAll(shipped());
            throw new AssertionError("no log line ever reached Loki from " + missing + " (started with "
                    + "pivot.logging.loki.url set, like the others): conventions.md says every service depends on "
                    + "libs/platform-logging and ships its logs; check the module's pom.xml", e);
        }
        for (ShippedLine line : system.loki().lines()) {
            assertEquals("system-test", line.labels().get("env"), "env label of " + line.service());
            assertFalse(line.labels().keySet().stream().anyMatch(k -> k.contains("tenant")),
                    "the tenant is never a label: " + line.labels());
        }
        // the site's secret and its tokens never reach the logs, in any service
        await("the gateway's access line of the call").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> system.loki().payloads().stream().anyMatch(p -> p.contains("/api/reports")));
        for (String payload : system.loki().payloads()) {
            assertFalse(payload.contains(site.sharedSecret()), "a shared secret was shipped to Loki");
            assertFalse(payload.contains(token.substring(token.lastIndexOf('.') + 1)), "a token was shipped to Loki");
        }
    }

    private Set<String> shipped() {
        return system.loki().lines().stream().map(ShippedLine::service).collect(Collectors.toSet());
    }

    static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
