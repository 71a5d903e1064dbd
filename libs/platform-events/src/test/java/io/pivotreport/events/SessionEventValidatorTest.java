package io.pivotreport.events;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionEventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final SessionEventValidator validator = new SessionEventValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    private static SessionEventInput valid() {
        return new SessionEventInput(UUID.randomUUID(), SessionEvent.EventType.REPORT_GENERATED, NOW.minusSeconds(5),
                new SessionEvent.Source(SessionEvent.SourceType.BOARD, List.of("42", "PIV-7")),
                new SessionEvent.Counts(120, 10, 4), new SessionEvent.Timings(850, 600, 250), "2.3.1",
                SessionEvent.BrowserFamily.FIREFOX, null);
    }

    @Test
    void acceptsAnEventMadeOfIdsAndTimings() {
        assertEquals(List.of(), validator.validate(valid()));
    }

    @Test
    void rejectsAnEmailOrFreeTextWhereAnIdBelongs() {
        SessionEventInput base = valid();
        SessionEventInput withEmail = new SessionEventInput(base.eventId(), base.type(), base.occurredAt(),
                new SessionEvent.Source(SessionEvent.SourceType.ISSUE, List.of("1", "jane.doe@example.com",
                        "Fix the login page")),
                base.counts(), base.timings(), base.appVersion(), base.browserFamily(), null);
        List<Violation> violations = validator.validate(withEmail);
        assertEquals(List.of("/source/ids/1", "/source/ids/2"), violations.stream().map(Violation::field).toList());
        assertTrue(violations.stream().noneMatch(v -> v.message().contains("jane")), "messages never echo values");
    }

    @Test
    void rejectsEventsOutsideTheRetentionWindowOrFromTheFuture() {
        SessionEventInput base = valid();
        SessionEventInput old = new SessionEventInput(base.eventId(), base.type(), NOW.minusSeconds(31L * 86400),
                null, null, null, null, null, null);
        SessionEventInput future = new SessionEventInput(base.eventId(), base.type(), NOW.plusSeconds(3600),
                null, null, null, null, null, null);
        assertEquals("/occurredAt", validator.validate(old).get(0).field());
        assertEquals("/occurredAt", validator.validate(future).get(0).field());
    }

    @Test
    void failureCodeIsACodeAndOnlyOnFailures() {
        SessionEventInput base = valid();
        SessionEventInput sentence = new SessionEventInput(base.eventId(), SessionEvent.EventType.REPORT_FAILED,
                base.occurredAt(), null, null, null, null, null, "Summary of ticket ABC could not load");
        SessionEventInput codeOnSuccess = new SessionEventInput(base.eventId(), SessionEvent.EventType.REPORT_GENERATED,
                base.occurredAt(), null, null, null, null, null, "timeout");
        assertEquals(1, validator.validate(sentence).size());
        assertEquals(1, validator.validate(codeOnSuccess).size());
    }

    @Test
    void storedEventsNeedATenant() {
        SessionEvent event = SessionEvent.of(null, valid());
        assertEquals(List.of("/tenantId"), validator.validate(event).stream().map(Violation::field).toList());
        assertEquals(List.of(), validator.validate(SessionEvent.of("3f7c2a9e-0000-4000-8000-000000000001", valid())));
    }

    @Test
    void wireFormatRejectsUnknownFieldsAndRoundTrips() throws Exception {
        SessionEvent event = SessionEvent.of("tenant-1", valid());
        String json = EventJson.mapper().writeValueAsString(event);
        assertTrue(json.contains("\"type\":\"report_generated\""), json);
        assertEquals(event, EventJson.mapper().readValue(json, SessionEvent.class));

        String withSummary = json.replace("{\"eventId\"", "{\"summary\":\"secret plans\",\"eventId\"");
        assertThrows(UnrecognizedPropertyException.class,
                () -> EventJson.mapper().readValue(withSummary, SessionEvent.class));
    }

    @Test
    void lifecycleEventsRoundTrip() throws Exception {
        TenantLifecycleEvent event = new TenantLifecycleEvent(UUID.randomUUID(), "t-1",
                TenantLifecycleEvent.Type.UNINSTALLED, NOW, NOW.plusSeconds(30L * 86400));
        String json = EventJson.mapper().writeValueAsString(event);
        assertEquals(event, EventJson.mapper().readValue(json, TenantLifecycleEvent.class));
    }
}
