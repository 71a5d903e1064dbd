package io.pivotreport.gateway.service;

import io.pivotreport.gateway.internal.PrivateService;
import io.pivotreport.gateway.internal.UpstreamResponse;
import io.pivotreport.platform.problem.ProblemException;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProxyResponsesTest {

    private static UpstreamResponse upstream(int status, String location) {
        return new UpstreamResponse(status, "application/json", Buffer.buffer("{}"), "\"3\"", location, null);
    }

    @Test
    void reportLocationIsRewrittenToTheGatewaysPath() {
        assertEquals("/api/reports/0b5c2f1e-7d6a-4c1b-9e2f-3a4b5c6d7e8f",
                ProxyResponses.reportLocation("/reports/0b5c2f1e-7d6a-4c1b-9e2f-3a4b5c6d7e8f"));
        assertEquals("/api/reports/abc", ProxyResponses.reportLocation("http://127.0.0.1:8082/reports/abc"));
        assertNull(ProxyResponses.reportLocation("http://evil.example.com/x"));
    }

    @Test
    void successAndCallerErrorsPassThroughWithEtag() {
        Response created = ProxyResponses.toResponse(PrivateService.REPORT, upstream(201, "/reports/abc"), 5);
        assertEquals(201, created.getStatus());
        assertEquals("\"3\"", created.getHeaderString("ETag"));
        assertEquals("/api/reports/abc", created.getHeaderString("Location"));
        assertEquals(404, ProxyResponses.toResponse(PrivateService.REPORT, upstream(404, null), 5).getStatus());
    }

    @Test
    void refusalsOfTheGatewayAndFailuresBecomeBadGatewayOrUnavailable() {
        assertEquals(502, assertThrows(ProblemException.class,
                () -> ProxyResponses.toResponse(PrivateService.REPORT, upstream(401, null), 5)).problem().status());
        UpstreamResponse wrongAudience = new UpstreamResponse(403, "application/problem+json",
                Buffer.buffer("{\"type\":\"https://pivotreport.io/problems/wrong-audience\"}"), null, null, null);
        assertEquals(502, assertThrows(ProblemException.class,
                () -> ProxyResponses.toResponse(PrivateService.REPORT, wrongAudience, 5)).problem().status());
        assertEquals(403, ProxyResponses.toResponse(PrivateService.REPORT, upstream(403, null), 5).getStatus(),
                "a refusal of the user's action is the user's answer");
        assertEquals(502, assertThrows(ProblemException.class,
                () -> ProxyResponses.toResponse(PrivateService.REPORT, upstream(500, null), 5)).problem().status());
        ProblemException unavailable = assertThrows(ProblemException.class,
                () -> ProxyResponses.toResponse(PrivateService.REPORT, upstream(503, null), 5));
        assertEquals(503, unavailable.problem().status());
        assertEquals("5", unavailable.headers().get("Retry-After"));
    }
}
