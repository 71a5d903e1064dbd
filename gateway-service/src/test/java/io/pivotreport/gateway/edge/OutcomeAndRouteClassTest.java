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
        assertEquals(RouteClass.SUPPORT, RouteClass.of("/support/tenants/x/license"));
        assertEquals(RouteClass.OTHER, RouteClass.of("/supportive"));
    }

    @Test
    void supportPathsMapToFixedRouteNamesNeverIds() {
        String tenant = "/support/tenants/5f0c2a9e-0000-4000-8000-000000000001";
        assertEquals(SupportRoute.LICENSE, SupportRoute.of(tenant + "/license"));
        assertEquals(SupportRoute.REPORTS, SupportRoute.of(tenant + "/reports"));
        assertEquals(SupportRoute.REPORT, SupportRoute.of(tenant + "/reports/abc-1"));
        assertEquals(SupportRoute.ANALYTICS_DAILY, SupportRoute.of(tenant + "/analytics/daily"));
        assertEquals(SupportRoute.OTHER, SupportRoute.of(tenant + "/reports/a/b"));
        assertEquals(SupportRoute.OTHER, SupportRoute.of("/support/anything"));
        assertEquals("/support/tenants/{tenantId}/reports/{reportId}", SupportRoute.REPORT.template());
    }
}
