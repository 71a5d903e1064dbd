package io.pivotreport.license;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.license.support.Api;
import io.pivotreport.license.support.LifecycleTopic;
import io.pivotreport.license.support.Metrics;
import io.pivotreport.license.support.MovableClock;
import io.pivotreport.license.support.TestTopics;
import io.pivotreport.test.RestartableKafkaResource;
import io.pivotreport.license.support.Sql;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pivotreport.license.support.Api.connect;
import static io.pivotreport.license.support.Api.connectEvent;
import static io.pivotreport.license.support.Api.install;
import static io.pivotreport.license.support.Api.newBaseUrl;
import static io.pivotreport.license.support.Api.newClientKey;
import static io.pivotreport.license.support.Api.newSecret;
import static io.pivotreport.license.support.Api.postConnect;
import static io.pivotreport.license.support.Api.verification;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(value = RestartableKafkaResource.class,
        initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = TestTopics.ALL))
@WithTestResource(InternalJwtTestResource.class)
class ConnectLifecycleTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    MovableClock clock;

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private List<String> historyKinds(UUID tenant) {
        return Sql.rows(ds, "SELECT kind FROM account_history WHERE tenant_id = ? ORDER BY id", tenant).stream()
                .map(r -> (String) r.get("kind")).toList();
    }

    @Test
    void reinstallWithANewSecretKeepsTheTenantAndReplacesTheSecret() {
        String clientKey = newClientKey();
        String baseUrl = newBaseUrl();
        String first = newSecret();
        String second = newSecret();
        long t = now();
        UUID tenant = install(clientKey, baseUrl, first, t);
        verification(clientKey).statusCode(200).body("sharedSecret", equalTo(first));

        // Connect re-fires installed on an upgrade, with a new secret
        postConnect(connectEvent("installed", t + 60, clientKey, baseUrl, second)).statusCode(200)
                .body("tenantId", equalTo(tenant.toString())).body("applied", is(true));
        // and Atlassian may retry the very same request
        postConnect(connectEvent("installed", t + 60, clientKey, baseUrl, second)).statusCode(200)
                .body("tenantId", equalTo(tenant.toString())).body("applied", is(true));

        verification(clientKey).statusCode(200)
                .body("tenantId", equalTo(tenant.toString()))
                .body("clientKey", equalTo(clientKey))
                .body("sharedSecret", equalTo(second))
                .body("baseUrl", equalTo(baseUrl))
                .body("state", equalTo("installed"));
        assertEquals(1, Sql.count(ds, "SELECT count(*) FROM tenant WHERE client_key = ?", clientKey));
        List<Map<String, Object>> installs = Sql.rows(ds, "SELECT detail->>'kind' AS kind, "
                + "detail->>'secretChanged' AS changed FROM account_history WHERE tenant_id = ? AND kind = 'installed' "
                + "ORDER BY id", tenant);
        assertEquals(List.of(Map.of("kind", "new", "changed", "false"), Map.of("kind", "refresh", "changed", "true")),
                installs, "the retry with the same secret adds no entry");
    }

    @Test
    void anUpgradeInstalledKeepsAnEnabledAppEnabled() {
        String clientKey = newClientKey();
        String baseUrl = newBaseUrl();
        long t = now() - 3600;
        install(clientKey, baseUrl, newSecret(), t);
        connect("enabled", t, clientKey).statusCode(200).body("state", equalTo("enabled"));
        postConnect(connectEvent("installed", t + 3000, clientKey, baseUrl, newSecret())).statusCode(200)
                .body("state", equalTo("enabled")).body("applied", is(true));
    }

    @Test
    void aStaleEventNeverOverridesANewerOne() {
        String clientKey = newClientKey();
        long t = now() - 1000;
        UUID tenant = install(clientKey, newBaseUrl(), newSecret(), t);
        connect("enabled", t, clientKey).statusCode(200).body("state", equalTo("enabled"));
        connect("disabled", t + 300, clientKey).statusCode(200).body("state", equalTo("disabled"));

        connect("enabled", t + 200, clientKey).statusCode(200)
                .body("tenantId", equalTo(tenant.toString()))
                .body("state", equalTo("disabled"))
                .body("applied", is(false));
        postConnect(connectEvent("installed", t - 10, clientKey, newBaseUrl(), newSecret())).statusCode(200)
                .body("state", equalTo("disabled")).body("applied", is(false));

        verification(clientKey).statusCode(200).body("state", equalTo("disabled"));
        assertEquals(List.of("installed", "enabled", "disabled", "lifecycle-ignored", "lifecycle-ignored"),
                historyKinds(tenant));
    }

    @Test
    void disabledThenUninstalledWithinOneSecondEndsUninstalled() {
        String clientKey = newClientKey();
        long t = now() - 100;
        UUID tenant = install(clientKey, newBaseUrl(), newSecret(), t);
        connect("enabled", t, clientKey).statusCode(200);
        connect("disabled", t + 50, clientKey).statusCode(200).body("state", equalTo("disabled"))
                .body("applied", is(true));
        connect("uninstalled", t + 50, clientKey).statusCode(200).body("state", equalTo("uninstalled"))
                .body("applied", is(true));
        verification(clientKey).statusCode(200).body("state", equalTo("uninstalled"));
        assertUninstallAnnounced(tenant, List.of(TenantLifecycleEvent.Type.INSTALLED,
                TenantLifecycleEvent.Type.ENABLED, TenantLifecycleEvent.Type.DISABLED,
                TenantLifecycleEvent.Type.UNINSTALLED));
    }

    @Test
    void uninstalledThenDisabledWithinOneSecondEndsUninstalled() {
        String clientKey = newClientKey();
        long t = now() - 100;
        UUID tenant = install(clientKey, newBaseUrl(), newSecret(), t);
        connect("enabled", t, clientKey).statusCode(200);
        connect("uninstalled", t + 50, clientKey).statusCode(200).body("state", equalTo("uninstalled"))
                .body("applied", is(true));
        // same iat: uninstalled wins the tie, so the late disabled is stale
        connect("disabled", t + 50, clientKey).statusCode(200).body("state", equalTo("uninstalled"))
                .body("applied", is(false));
        verification(clientKey).statusCode(200).body("state", equalTo("uninstalled"));
        assertUninstallAnnounced(tenant, List.of(TenantLifecycleEvent.Type.INSTALLED,
                TenantLifecycleEvent.Type.ENABLED, TenantLifecycleEvent.Type.UNINSTALLED));
    }

    private void assertUninstallAnnounced(UUID tenant, List<TenantLifecycleEvent.Type> expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(expected, LifecycleTopic.eventsFor(tenant).stream().map(TenantLifecycleEvent::type).toList()));
        Map<String, Object> row = Sql.one(ds, "SELECT uninstalled_at, erase_after FROM tenant WHERE id = ?", tenant);
        Instant uninstalledAt = (Instant) row.get("uninstalled_at");
        Instant eraseAfter = (Instant) row.get("erase_after");
        assertEquals(Duration.ofDays(30), Duration.between(uninstalledAt, eraseAfter), "default grace P30D");
        TenantLifecycleEvent uninstalled = LifecycleTopic.eventsFor(tenant).stream()
                .filter(e -> e.type() == TenantLifecycleEvent.Type.UNINSTALLED).findFirst().orElseThrow();
        assertEquals(eraseAfter, uninstalled.eraseAfter());
    }

    @Test
    void aSiteImportIsRecognisedAndRecordedForBothTenants() {
        String baseUrl = newBaseUrl();
        long t = now();
        String oldKey = newClientKey();
        UUID previous = install(oldKey, baseUrl, newSecret(), t);
        double imports = Metrics.value("pivot_license_site_imports_total");

        // the same site comes back with a new client key (a backup of another site restored onto it)
        String newKey = newClientKey();
        UUID imported = install(newKey, baseUrl.replace("https://site-", "https://SITE-") + "/", newSecret(), t + 5);

        assertNotEquals(previous, imported);
        assertEquals(previous, Sql.one(ds, "SELECT previous_tenant_id FROM tenant WHERE id = ?", imported)
                .get("previous_tenant_id"));
        assertEquals(Map.of("role", "new-client-key", "previous", previous.toString()), Sql.one(ds,
                "SELECT detail->>'role' AS role, detail->>'previousTenantId' AS previous FROM account_history "
                        + "WHERE tenant_id = ? AND kind = 'site-import'", imported));
        assertEquals(Map.of("role", "replaced-client-key", "next", imported.toString()), Sql.one(ds,
                "SELECT detail->>'role' AS role, detail->>'newTenantId' AS next FROM account_history "
                        + "WHERE tenant_id = ? AND kind = 'site-import'", previous));
        assertEquals(imports + 1, Metrics.value("pivot_license_site_imports_total"));
        verification(newKey).statusCode(200).body("baseUrl", equalTo(baseUrl));
    }

    @Test
    void aReinstallWithinTheGracePeriodCancelsThePendingErasure() {
        String clientKey = newClientKey();
        String baseUrl = newBaseUrl();
        long t = now() - 100;
        UUID tenant = install(clientKey, baseUrl, newSecret(), t);
        connect("uninstalled", t + 10, clientKey).statusCode(200).body("state", equalTo("uninstalled"));
        assertTrue(Sql.one(ds, "SELECT erase_after FROM tenant WHERE id = ?", tenant).get("erase_after") != null);

        postConnect(connectEvent("installed", t + 20, clientKey, baseUrl, newSecret())).statusCode(200)
                .body("tenantId", equalTo(tenant.toString())).body("state", equalTo("installed"));

        Map<String, Object> row = Sql.one(ds, "SELECT erase_after, uninstalled_at FROM tenant WHERE id = ?", tenant);
        assertNull(row.get("erase_after"));
        assertNull(row.get("uninstalled_at"));
        assertEquals(Map.of("kind", "reinstall", "cancelled", "true"), Sql.one(ds, "SELECT detail->>'kind' AS kind, "
                + "detail->>'erasureCancelled' AS cancelled FROM account_history WHERE tenant_id = ? "
                + "AND kind = 'installed' ORDER BY id DESC LIMIT 1", tenant));
    }

    @Test
    void installedWithoutASecretIsRejectedWithFieldPaths() {
        Map<String, Object> body = connectEvent("installed", now(), newClientKey(), newBaseUrl(), null);
        body.remove("baseUrl");
        postConnect(body).statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", contains("/sharedSecret", "/baseUrl"));
    }

    @Test
    void aSecretOnAnyOtherEventIsRefused() {
        String clientKey = newClientKey();
        install(clientKey, newBaseUrl(), newSecret(), now());
        postConnect(connectEvent("enabled", now(), clientKey, newBaseUrl(), newSecret())).statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("/sharedSecret"));
    }

    @Test
    void malformedFieldsAreRejectedWithoutEchoingTheValue() {
        Map<String, Object> body = connectEvent("installed", now(), newClientKey(), "http://plain.example", newSecret());
        body.put("productType", "jira software");
        String response = postConnect(body).statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("/baseUrl", "/displayUrl", "/productType"))
                .extract().asString();
        assertTrue(!response.contains("plain.example") && !response.contains("jira software"), response);
    }

    @Test
    void anUnknownFieldIsRejected() {
        Map<String, Object> body = connectEvent("installed", now(), newClientKey(), newBaseUrl(), newSecret());
        body.put("userEmail", "someone@example.com");
        postConnect(body).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("/userEmail"));
    }

    @Test
    void anUnknownEventNameIsRejected() {
        Map<String, Object> body = connectEvent("installed", now(), newClientKey(), newBaseUrl(), newSecret());
        body.put("event", "upgraded");
        postConnect(body).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("/event"));
    }

    @Test
    void anEventForAnUnknownSiteIsNotFound() {
        connect("uninstalled", now(), newClientKey()).statusCode(404).contentType("application/problem+json");
        verification(newClientKey()).statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anIssuedAtFarInTheFutureIsRejected() {
        postConnect(connectEvent("installed", now() + 3600, newClientKey(), newBaseUrl(), newSecret()))
                .statusCode(400).body("errors.field", contains("/issuedAt"));
    }
}
