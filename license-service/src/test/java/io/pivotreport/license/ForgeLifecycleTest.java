package io.pivotreport.license;

import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.license.support.LifecycleTopic;
import io.pivotreport.license.support.MovableClock;
import io.pivotreport.license.support.TestTopics;
import io.pivotreport.test.RestartableKafkaResource;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pivotreport.license.support.Api.as;
import static io.pivotreport.license.support.Api.gatewayToken;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(value = RestartableKafkaResource.class,
        initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = TestTopics.ALL))
@WithTestResource(InternalJwtTestResource.class)
class ForgeLifecycleTest {

    @Inject
    MovableClock clock;

    private static Map<String, Object> forgeEvent(String event, long issuedAt, String installationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("issuedAt", issuedAt);
        body.put("installationId", installationId);
        body.put("cloudId", "cloud-" + installationId.hashCode());
        body.put("environmentType", "PRODUCTION");
        body.put("environmentId", "ari:cloud:ecosystem::environment/" + UUID.randomUUID());
        body.put("appId", "ari:cloud:ecosystem::app/" + UUID.randomUUID());
        return body;
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return as(gatewayToken()).body(body).post("/internal/lifecycle/forge").then();
    }

    private static ValidatableResponse lookup(String installationId) {
        return as(gatewayToken()).get("/internal/tenants/forge/{id}", installationId).then();
    }

    @Test
    void aForgeInstallationIsStoredFoundAndUninstalledInOrder() {
        String installation = "ari:cloud:ecosystem::installation/" + UUID.randomUUID();
        long t = clock.instant().getEpochSecond() - 100;
        String tenant = post(forgeEvent("installed", t, installation)).statusCode(200)
                .body("state", equalTo("installed")).body("applied", is(true)).extract().path("tenantId");

        lookup(installation).statusCode(200)
                .body("tenantId", equalTo(tenant))
                .body("installationId", equalTo(installation))
                .body("cloudId", equalTo("cloud-" + installation.hashCode()))
                .body("state", equalTo("installed"));

        post(forgeEvent("uninstalled", t + 10, installation)).statusCode(200)
                .body("tenantId", equalTo(tenant)).body("state", equalTo("uninstalled"));
        // a delayed install from before the uninstall must not resurrect the installation
        post(forgeEvent("installed", t + 5, installation)).statusCode(200)
                .body("state", equalTo("uninstalled")).body("applied", is(false));
        lookup(installation).statusCode(200).body("state", equalTo("uninstalled"));

        UUID tenantId = UUID.fromString(tenant);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
                List.of(TenantLifecycleEvent.Type.INSTALLED, TenantLifecycleEvent.Type.UNINSTALLED),
                LifecycleTopic.eventsFor(tenantId).stream().map(TenantLifecycleEvent::type).toList()));
    }

    @Test
    void forgeHasNoEnablementEvents() {
        post(forgeEvent("enabled", clock.instant().getEpochSecond(), "ari:cloud:ecosystem::installation/x"))
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("/event"));
    }

    @Test
    void anUnknownInstallationIsNotFound() {
        lookup("ari:cloud:ecosystem::installation/" + UUID.randomUUID()).statusCode(404)
                .contentType("application/problem+json");
        post(forgeEvent("uninstalled", clock.instant().getEpochSecond(), "ari:cloud:ecosystem::installation/"
                + UUID.randomUUID())).statusCode(404);
    }
}
