package io.pivotreport.gateway.edge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogMaskingTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqaXJhOjEyMyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    private static final String REPORT_ID = "3f2b8c1e-9a4d-4e7f-8b2a-1c5d6e7f8a9b";

    @Test
    void thePageLoadKeepsItsShapeWithTokenAndSiteValuesMasked() {
        String target = AccessLogMasking.target("/pages/pivot-report",
                "xdm_e=https%3A%2F%2Facme.atlassian.net&lic=active&cv=1001.0.0&jwt=" + TOKEN + "&tz=Europe%2FZurich");
        assertEquals("/pages/pivot-report?xdm_e=***&lic=active&cv=1001.0.0&jwt=***&tz=***", target);
    }

    @Test
    void routeWordsAndUuidsStayAnyOtherSegmentBecomesAStar() {
        assertEquals("/api/reports/" + REPORT_ID, AccessLogMasking.target("/api/reports/" + REPORT_ID, null));
        assertEquals("/api/reports/*", AccessLogMasking.target("/api/reports/Ottilie+Sweepname", null));
        assertEquals("/support/tenants/" + REPORT_ID + "/reports/*",
                AccessLogMasking.target("/support/tenants/" + REPORT_ID + "/reports/jane.doe@example.com", null));
        assertEquals("/*/*", AccessLogMasking.target("/etc/passwd", null));
    }

    @Test
    void aSecretShapedOrTokenSegmentNeverReachesTheLog() {
        String secret = "c2hhcmVkLXNlY3JldC1vZi10aGUtc2l0ZS0xMjM0NTY3OA";
        assertFalse(AccessLogMasking.target("/api/reports/" + secret, null).contains(secret));
        assertFalse(AccessLogMasking.target("/api/" + TOKEN, null).contains(TOKEN));
    }

    @Test
    void unknownParametersAreCountedNotNamedAndSafeValuesOnlyForKnownOnes() {
        assertEquals("/api/reports?page=2&size=20&(+2)",
                AccessLogMasking.target("/api/reports", "page=2&size=20&q=Fix+the+login+summary&Ottilie=1"));
        assertEquals("/api/reports?page=***", AccessLogMasking.target("/api/reports", "page=Ottilie%20Sweepname"));
        assertEquals("/*?(+1)", AccessLogMasking.target("/x", "token=" + TOKEN));
    }

    @Test
    void encodedParameterNamesAreRecognised() {
        assertEquals("/*?jwt=***", AccessLogMasking.target("/x", "%6Awt=abc"));
        assertEquals("/*?jwt=***", AccessLogMasking.target("/x", "JWT=abc"));
        assertEquals("/*?(+1)", AccessLogMasking.target("/x", "%4z=abc"));
    }

    @Test
    void targetLengthIsBounded() {
        String target = AccessLogMasking.target("/api/reports" + "/a".repeat(5000), null);
        assertTrue(target.length() <= 520, "length " + target.length());
    }
}
