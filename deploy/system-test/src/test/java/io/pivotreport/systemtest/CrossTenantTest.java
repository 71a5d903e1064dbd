package io.pivotreport.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pivotreport.systemtest.harness.ForgeSite;
import io.pivotreport.systemtest.harness.Http;
import io.pivotreport.systemtest.harness.JiraSite;
import io.pivotreport.systemtest.harness.Jwt;
import io.pivotreport.systemtest.harness.Payloads;
import io.pivotreport.systemtest.harness.SystemUnderTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tenant isolation probed on every route, from another Connect site, from a Forge installation and from another user
 * of the same site: another tenant's report is exactly as unknown as a made-up id, nothing of it is ever in an
 * answer, and nothing of it changes.
 */
@ExtendWith(SystemUnderTest.Extension.class)
@Order(2)
class CrossTenantTest {

    static SystemUnderTest system;
    static Http gateway;
    static JiraSite owner;
    static String ownerTenant;
    static String privateId;
    static String sharedId;
    static final String PRIVATE_NAME = "Owner private report " + UUID.randomUUID();
    static final String SHARED_NAME = "Owner shared report " + UUID.randomUUID();

    /** One caller of another tenant: how to authenticate a request. */
    record Stranger(String name, Function<Http.Call, Http.Call> auth) {
    }

    @BeforeAll
    static void ownerWithReportsAndEvents() {
        system = SystemUnderTest.get();
        gateway = system.gateway();
        owner = JiraSite.random().onboard(system);
        ownerTenant = owner.tenantId(system);
        privateId = create(owner, PRIVATE_NAME, "private");
        sharedId = create(owner, SHARED_NAME, "shared");
    }

    private static String create(JiraSite site, String name, String visibility) {
        Http.Answer created = gateway.post("/api/reports").jwt(site.contextToken())
                .json(Payloads.report(name, visibility)).send();
        assertEquals(201, created.status(), created.toString());
        return created.json().get("id").asText();
    }

    @Test
    void anotherTenantsReportsAreUnknownOnEveryRouteAndNothingLeaks() {
        JiraSite otherSite = JiraSite.random().onboard(system);
        ForgeSite forge = ForgeSite.random().install(system);
        List<Stranger> strangers = List.of(
                new Stranger("another Connect site", call -> call.jwt(otherSite.contextToken())),
                new Stranger("a Forge installation", call -> call.bearer(forge.userToken(system))));
        List<String> answers = new ArrayList<>();

        for (Stranger stranger : strangers) {
            String unknown = UUID.randomUUID().toString();
            for (String id : List.of(privateId, sharedId)) {
                for (String method : List.of("GET", "PUT", "DELETE")) {
                    Http.Answer probe = request(stranger, method, id);
                    Http.Answer baseline = request(stranger, method, unknown);
                    // the id the stranger sent may come back (a problem's instance); nothing else of the owner may
                    answers.add(probe.body().replace(id, "{id}"));
                    assertEquals(404, probe.status(), stranger.name() + " " + method + " another tenant's report: "
                            + probe);
                    assertEquals(sameShape(baseline), sameShape(probe),
                            stranger.name() + " " + method + ": another tenant's id must look exactly like an unknown id");
                }
            }
            Http.Answer list = stranger.auth().apply(gateway.get("/api/reports?page=0&size=100")).send();
            assertEquals(200, list.status(), list.toString());
            answers.add(list.body());
            assertEquals(0, list.json().get("totalItems").asInt(), stranger.name() + " sees reports it never made");

            Http.Answer license = stranger.auth().apply(gateway.get("/api/license")).send();
            answers.add(license.body());
            if (license.status() == 200) {
                assertNotEquals(ownerTenant, license.json().get("tenantId").asText());
            }

            // a body naming the owner's tenant or account is refused, not obeyed
            Map<String, Object> smuggled = new LinkedHashMap<>(Payloads.report("Smuggled", "shared"));
            smuggled.put("tenantId", ownerTenant);
            Http.Answer smuggle = stranger.auth().apply(gateway.post("/api/reports")).json(smuggled).send();
            answers.add(smuggle.body());
            assertEquals(400, smuggle.status(), "tenantId in a report body: " + smuggle);
            Map<String, Object> event = Payloads.event(UUID.randomUUID(), 100);
            event.put("tenantId", ownerTenant);
            Http.Answer smuggledEvent = stranger.auth().apply(gateway.post("/api/events"))
                    .json(Payloads.batch(List.of(event))).send();
            answers.add(smuggledEvent.body());
            assertEquals(400, smuggledEvent.status(), "tenantId in an event: " + smuggledEvent);

            // the routes that are not the app's are not there for anyone
            for (String path : List.of("/support/tenants/" + ownerTenant + "/daily?from=2026-01-01&to=2026-01-02",
                    "/internal/license", "/internal/tenants/connect/" + owner.clientKey() + "/verification",
                    "/reports/" + privateId)) {
                Http.Answer answer = stranger.auth().apply(gateway.get(path)).send();
                answers.add(answer.body().replace(path.split("\\?")[0], "{the path sent}"));
                assertTrue(answer.status() == 404 || answer.status() == 401 || answer.status() == 403,
                        stranger.name() + " GET " + path + ": " + answer);
            }
        }

        // the other site's events land under its own tenant, never the owner's
        UUID strangerEvent = UUID.randomUUID();
        assertEquals(202, gateway.post("/api/events").jwt(otherSite.contextToken())
                .json(Payloads.batch(List.of(Payloads.event(strangerEvent, 100)))).send().status());
        String otherTenant = otherSite.tenantId(system);
        List<String> stored = await("the other site's event").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> system.query("analytics", "SELECT tenant_id FROM session_event WHERE event_id = ?::uuid",
                        strangerEvent.toString()), rows -> !rows.isEmpty());
        assertEquals(List.of(otherTenant), stored);

        // a lifecycle callback signed by the other site but naming the owner's clientKey changes nothing of the owner
        Map<String, Object> disable = new LinkedHashMap<>(otherSite.lifecycleBody("disabled"));
        disable.put("clientKey", owner.clientKey());
        Http.Answer disabled = gateway.post("/lifecycle/disabled")
                .jwt(otherSite.hostToken("POST", "/lifecycle/disabled", null, null)).json(disable).send();
        answers.add(disabled.body());
        assertTrue(disabled.status() >= 400 && disabled.status() < 500, "a callback naming another site: " + disabled);
        assertEquals(List.of("enabled"), system.query("license", "SELECT state FROM tenant WHERE id = ?::uuid",
                ownerTenant), "the owner's site was changed by another site's callback");
        // and a context token claiming the owner's site but signed with the other site's secret is no key at all
        Map<String, Object> claims = Jwt.claims(owner.clientKey(), owner.accountId(), 180);
        claims.put("qsh", "context-qsh");
        assertEquals(401, gateway.get("/api/reports/" + privateId).jwt(Jwt.hs256(claims, otherSite.sharedSecret()))
                .send().status());

        // zero leaks: nothing of the owner in any answer the strangers got
        for (String body : answers) {
            for (String secret : List.of(ownerTenant, privateId, sharedId, PRIVATE_NAME, SHARED_NAME,
                    owner.accountId(), owner.clientKey(), owner.sharedSecret())) {
                assertFalse(body.contains(secret), "an answer to another tenant leaks " + secret + ": " + body);
            }
        }
        // and nothing of the owner changed
        assertEquals(List.of(PRIVATE_NAME + "|0", SHARED_NAME + "|0"), system.query("report",
                "SELECT name || '|' || version FROM saved_report WHERE tenant_id = ? ORDER BY name", ownerTenant));
        assertEquals(200, gateway.get("/api/reports/" + privateId).jwt(owner.contextToken()).send().status());
    }

    @Test
    void anotherUserOfTheSameSiteSeesSharedReportsOnlyAndChangesNone() {
        JiraSite colleague = owner.as("557058:" + UUID.randomUUID());
        Http.Answer hidden = gateway.get("/api/reports/" + privateId).jwt(colleague.contextToken()).send();
        assertEquals(404, hidden.status(), "a colleague's private report: " + hidden);
        assertFalse(hidden.body().contains(PRIVATE_NAME));
        Http.Answer shared = gateway.get("/api/reports/" + sharedId).jwt(colleague.contextToken()).send();
        assertEquals(200, shared.status(), shared.toString());
        assertFalse(shared.json().get("editable").asBoolean());

        Http.Answer update = gateway.put("/api/reports/" + sharedId).jwt(colleague.contextToken())
                .header("If-Match", "\"0\"").json(Payloads.report("Taken over", "shared")).send();
        assertEquals(403, update.status(), update.toString());
        assertEquals(403, gateway.delete("/api/reports/" + sharedId).jwt(colleague.contextToken()).send().status());
        Http.Answer list = gateway.get("/api/reports").jwt(colleague.contextToken()).send();
        List<String> ids = MainFlowTest.ids(list.json().get("items"));
        assertTrue(ids.contains(sharedId) && !ids.contains(privateId), "the colleague's listing: " + ids);
        assertEquals(List.of(SHARED_NAME), system.query("report", "SELECT name FROM saved_report WHERE id = ?::uuid",
                sharedId));
    }

    private Http.Answer request(Stranger stranger, String method, String id) {
        Http.Call call = stranger.auth().apply(gateway.method(method, "/api/reports/" + id));
        if (method.equals("PUT")) {
            call.header("If-Match", "\"0\"").json(Payloads.report("Overwritten", "shared"));
        }
        return call.send();
    }

    /** Status, problem type and title: what a caller can tell two 404s apart by (the detail and instance too). */
    private static String sameShape(Http.Answer answer) {
        if (!answer.isProblem()) {
            return answer.status() + " " + answer.contentType() + " " + answer.body();
        }
        JsonNode problem = answer.json();
        return answer.status() + " " + problem.path("type").asText() + " " + problem.path("title").asText() + " "
                + problem.path("detail").asText() + " " + answer.body().replaceAll("[0-9a-f-]{36}", "{id}");
    }
}
