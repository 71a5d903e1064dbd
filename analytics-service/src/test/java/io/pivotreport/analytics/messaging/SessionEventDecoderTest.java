package io.pivotreport.analytics.messaging;

import io.pivotreport.analytics.support.Events;
import io.pivotreport.events.SessionEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Every dead-letter reason code, decided without a broker (the @QuarkusTests prove the same over a real one). */
class SessionEventDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private final SessionEventDecoder decoder = new SessionEventDecoder(Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofDays(30));
    private final SessionEvent good = Events.generated("tenant-1", NOW.minusSeconds(5), 250);

    @Test
    void aValidEventKeyedByItsTenantIsAccepted() {
        SessionEventDecoder.Decoded decoded = decoder.decode("tenant-1", Events.json(good));
        assertEquals(good, decoded.event());
        assertNull(decoded.reason());
    }

    @Test
    void emptyTombstoneAndMalformedRecordsAreNotJson() {
        assertEquals(DeadLetterReason.NOT_JSON, decoder.decode("tenant-1", null).reason());
        assertEquals(DeadLetterReason.NOT_JSON, decoder.decode("tenant-1", new byte[0]).reason());
        assertEquals(DeadLetterReason.NOT_JSON, decoder.decode("tenant-1", bytes("{\"eventId\":")).reason());
        assertEquals(DeadLetterReason.NOT_JSON, decoder.decode("tenant-1", bytes("null")).reason());
    }

    @Test
    void anUnknownFieldIsRejectedAsUnknownField() {
        assertEquals(DeadLetterReason.UNKNOWN_FIELD, decoder.decode("tenant-1",
                Events.edited(good, n -> n.put("userEmail", "jane@example.com"))).reason());
    }

    @Test
    void wrongTypesEnumsTimestampsAndTrailingContentAreWrongShape() {
        assertEquals(DeadLetterReason.WRONG_SHAPE, decoder.decode("tenant-1",
                Events.edited(good, n -> n.put("type", "report_exploded"))).reason());
        assertEquals(DeadLetterReason.WRONG_SHAPE, decoder.decode("tenant-1",
                Events.edited(good, n -> n.put("occurredAt", "yesterday"))).reason());
        assertEquals(DeadLetterReason.WRONG_SHAPE, decoder.decode("tenant-1",
                Events.edited(good, n -> n.putObject("timings").put("totalMs", "250"))).reason());
        assertEquals(DeadLetterReason.WRONG_SHAPE, decoder.decode("tenant-1", bytes("[1,2]")).reason());
        assertEquals(DeadLetterReason.WRONG_SHAPE, decoder.decode("tenant-1",
                bytes(new String(Events.json(good), StandardCharsets.UTF_8) + " {}")).reason());
    }

    @Test
    void aMissingOrBlankTenantIsMissingTenant() {
        assertEquals(DeadLetterReason.MISSING_TENANT, decoder.decode("tenant-1",
                Events.edited(good, n -> n.remove("tenantId"))).reason());
        assertEquals(DeadLetterReason.MISSING_TENANT, decoder.decode("tenant-1",
                Events.edited(good, n -> n.put("tenantId", " "))).reason());
    }

    @Test
    void anEmailAddressWhereAnIdBelongsIsInvalid() {
        assertEquals(DeadLetterReason.INVALID, decoder.decode("tenant-1", Events.edited(good,
                n -> n.putObject("source").put("type", "issue").putArray("ids").add("jane@example.com"))).reason());
        assertEquals(DeadLetterReason.INVALID, decoder.decode("tenant-1",
                Events.edited(good, n -> n.put("occurredAt", NOW.minus(Duration.ofDays(31)).toString()))).reason());
    }

    @Test
    void aKeyThatIsNotTheEventsTenantIsTenantMismatch() {
        assertEquals(DeadLetterReason.TENANT_MISMATCH, decoder.decode("tenant-2", Events.json(good)).reason());
        assertEquals(DeadLetterReason.TENANT_MISMATCH, decoder.decode(null, Events.json(good)).reason());
    }

    @Test
    void anEventOlderThanAShorterRetentionIsExpired() {
        SessionEventDecoder weekly = new SessionEventDecoder(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(7));
        SessionEvent eightDaysOld = Events.generated("tenant-1", NOW.minus(Duration.ofDays(8)), 250);
        assertEquals(DeadLetterReason.EXPIRED, weekly.decode("tenant-1", Events.json(eightDaysOld)).reason());
        assertEquals(eightDaysOld, decoder.decode("tenant-1", Events.json(eightDaysOld)).event());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
