package io.pivotreport.gateway.edge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutcomeAndRouteClassTest {

    @Test
    void statusCodesMapToTheFixedOutcomes() {
        assertEquals(Outcome.OK, Outcome.of(204));
        assertEquals(Outcome.UNAUTHENTICATED, Outcome.of(401));
        assertEquals(Outcome.LICENSE_REQUIRED, Outcome.of(402));
        assertEquals(Outcome.FORBIDDEN, Outcome.of(403));
        assertEquals(Outcome.RATE_LIMITED, Outcome.of(429));
        assertEquals(Outcome.CLIENT_ERROR, Outcome.of(413));
        assertEquals(Outcome.UNAVAILABLE, Outcome.of(503));
        assertEquals(Outcome.ERROR, Outcome.of(500));
    }

    @Test
    void pathsMapToTheFixedRouteClasses() {
        assertEquals(RouteClass.DESCRIPTOR, RouteClass.of("/atlassian-connect.json"));
        assertEquals(RouteClass.PAGE, RouteClass.of("/pages/pivot-report"));
        assertEquals(RouteClass.LIFECYCLE, RouteClass.of("/lifecycle/installed"));
        assertEquals(RouteClass.FORGE_LIFECYCLE, RouteClass.of("/forge/lifecycle"));
        assertEquals(RouteClass.EVENTS, RouteClass.of("/api/events"));
        assertEquals(RouteClass.API, RouteClass.of("/api/reports/123"));
        assertEquals(RouteClass.OTHER, RouteClass.of("/api-x"));
    }
}
