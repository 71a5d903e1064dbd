package io.pivotreport.gateway.service;

import io.pivotreport.gateway.security.SupportCaller;
import io.pivotreport.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a support reason may be: it is stored in audit tables, so it must say why without naming anybody. */
class SupportReasonTest {

    private static final SupportCaller ENGINEER = new SupportCaller("eng-1", Instant.now());

    @ParameterizedTest
    @ValueSource(strings = {"PRS-1234: pivot report of board 42 times out", "Licence shows inactive after renewal",
            "  ten chars!  ", "Report 5f0c2a9e-0000-4000-8000-000000000001 fails to render v2.3.1 in Firefox"})
    void reasonsThatSayWhyAreAcceptedStripped(String reason) {
        assertEquals(reason.strip(), SupportGateway.validReason(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "         ", "nine char", "Asked by jane.doe@example.com re board 42",
            "user jane@localhost cannot load", "Customer report\u0007 with a bell", "Customer\treport with a tab",
            "Customer report \u202Ereversed", "Customer report\u2028next line",
            "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVlLXZhbHVl leaked",
            "unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. token",
            "aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbb.cccccccccccccccccccc looks like a token"})
    void reasonsThatCouldCarryPrivateDataOrNothingAreRefused(String reason) {
        assertNull(SupportGateway.validReason(reason));
    }

    @Test
    void overlongReasonIsRefused() {
        assertNull(SupportGateway.validReason("x".repeat(501)));
        assertEquals(500, SupportGateway.validReason("x".repeat(500)).length());
    }

    @Test
    void refusalNeverEchoesTheReason() {
        ProblemException refused = assertThrows(ProblemException.class, () -> SupportGateway.request(ENGINEER,
                "5f0c2a9e-0000-4000-8000-000000000001", "Asked by jane.doe@example.com", null));
        assertEquals(400, refused.problem().status());
        assertFalse(refused.problem().detail().contains("jane"));
        assertEquals("https://pivotreport.io/problems/support-reason-required", refused.problem().type().toString());
    }

    @Test
    void ticketIsOptionalButMustBeATicketReference() {
        String tenant = "5f0c2a9e-0000-4000-8000-000000000001";
        assertNull(SupportGateway.request(ENGINEER, tenant, "Licence shows inactive", null).ticket());
        assertNull(SupportGateway.request(ENGINEER, tenant, "Licence shows inactive", " ").ticket());
        assertEquals("PRS-1234", SupportGateway.request(ENGINEER, tenant, "Licence shows inactive", "PRS-1234")
                .ticket());
        ProblemException refused = assertThrows(ProblemException.class,
                () -> SupportGateway.request(ENGINEER, tenant, "Licence shows inactive", "jane@example.com"));
        assertEquals("https://pivotreport.io/problems/support-ticket-invalid", refused.problem().type().toString());
    }
}
