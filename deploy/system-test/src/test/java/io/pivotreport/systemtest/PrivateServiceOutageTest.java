package io.pivotreport.systemtest;

import io.pivotreport.launcher.ServiceSpec;
import io.pivotreport.systemtest.harness.Http;
import io.pivotreport.systemtest.harness.JiraSite;
import io.pivotreport.systemtest.harness.Payloads;
import io.pivotreport.systemtest.harness.SystemUnderTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A private service stopped: the gateway answers its routes with a fast 503 problem+json with {@code Retry-After}
 * (the connection is refused, nothing waits for a timeout), keeps serving everything else, and serves the routes
 * again once the service is back.
 */
@ExtendWith(SystemUnderTest.Extension.class)
@Order(6)
class PrivateServiceOutageTest {

    /** A refused connection is answered at once; on a loaded machine allow a second. */
    static final long FAST_MILLIS = 1000;

    private final SystemUnderTest system = SystemUnderTest.get();
    private final Http gateway = system.gateway();

    @Test
    void reportServiceDownIsAFast503AndTheRestStillWorks() {
        JiraSite site = JiraSite.random().onboard(system);
        String id = gateway.post("/api/reports").jwt(site.contextToken())
                .json(Payloads.report("Survives the outage", "private")).send().json().get("id").asText();
        assertTrue(system.platform().stopService(ServiceSpec.REPORT));
        try {
            for (int i = 0; i < 5; i++) {
                Http.Answer list = gateway.get("/api/reports").jwt(site.contextToken()).send();
                expectFast503(list, "GET /api/reports");
                Http.Answer create = gateway.post("/api/reports").jwt(site.contextToken())
                        .json(Payloads.report("During the outage", "private")).send();
                expectFast503(create, "POST /api/reports");
            }
            assertEquals(200, gateway.get("/api/license").jwt(site.contextToken()).send().status(),
                    "license routes do not depend on report-service");
            assertEquals(200, site.loadPage(system, "active").status());
        } finally {
            system.platform().startService(ServiceSpec.REPORT);
        }
        await("report routes served again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.get("/api/reports/" + id).jwt(site.contextToken()).send().status() == 200);
    }

    @Test
    void licenseServiceDownIsAFast503ForItsRoutesAndForUnknownSites() {
        JiraSite site = JiraSite.random().onboard(system);
        assertTrue(system.platform().stopService(ServiceSpec.LICENSE));
        try {
            for (int i = 0; i < 5; i++) {
                expectFast503(gateway.get("/api/license").jwt(site.contextToken()).send(), "GET /api/license");
                // an install cannot be recorded: Atlassian must retry it, so 503, never a 2xx or a 401
                expectFast503(JiraSite.random().install(system), "POST /lifecycle/installed");
            }
        } finally {
            system.platform().startService(ServiceSpec.LICENSE);
        }
        await("license routes served again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.get("/api/license").jwt(site.contextToken()).send().status() == 200);
        assertEquals(204, JiraSite.random().install(system).status());
    }

    private static void expectFast503(Http.Answer answer, String what) {
        assertEquals(503, answer.status(), what + " with the service down: " + answer);
        assertTrue(answer.isProblem(), what + ": a problem+json body: " + answer);
        assertTrue(answer.header("Retry-After").isPresent(), what + ": Retry-After");
        assertTrue(answer.millis() < FAST_MILLIS, what + " took " + answer.millis() + " ms");
    }
}
