package io.pivotreport.analytics.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.pivotreport.analytics.config.AnalyticsConfig;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.SessionEvent;
import io.pivotreport.events.SessionEventValidator;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Turns a raw record into a {@link SessionEvent} that may be stored, or a {@link DeadLetterReason}. Uses the shared
 * schema and validator from platform-events, so the consumer accepts exactly what the gateway's intake accepts.
 */
@Singleton
public class SessionEventDecoder {

    private final Clock clock;
    private final Duration retention;
    private final SessionEventValidator validator;

    @Inject
    public SessionEventDecoder(Clock clock, AnalyticsConfig config) {
        this(clock, config.retention());
    }

    public SessionEventDecoder(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
        this.validator = new SessionEventValidator(clock);
    }

    /** The outcome for one record: exactly one of {@code event} and {@code reason} is set. */
    public record Decoded(SessionEvent event, DeadLetterReason reason) {

        static Decoded ok(SessionEvent event) {
            return new Decoded(event, null);
        }

        static Decoded rejected(DeadLetterReason reason) {
            return new Decoded(null, reason);
        }

        public boolean accepted() {
            return event != null;
        }
    }

    public Decoded decode(String key, byte[] value) {
        if (value == null || value.length == 0) {
            return Decoded.rejected(DeadLetterReason.NOT_JSON);
        }
        SessionEvent event;
        try {
            event = EventJson.mapper().readValue(value, SessionEvent.class);
        } catch (UnrecognizedPropertyException e) {
            return Decoded.rejected(DeadLetterReason.UNKNOWN_FIELD);
        } catch (DatabindException e) {
            return Decoded.rejected(DeadLetterReason.WRONG_SHAPE);
        } catch (JsonProcessingException e) {
            return Decoded.rejected(DeadLetterReason.NOT_JSON);
        } catch (IOException e) {
            return Decoded.rejected(DeadLetterReason.NOT_JSON);
        }
        if (event == null) {
            return Decoded.rejected(DeadLetterReason.NOT_JSON);
        }
        if (event.tenantId() == null || event.tenantId().isBlank()) {
            return Decoded.rejected(DeadLetterReason.MISSING_TENANT);
        }
        if (!validator.validate(event).isEmpty()) {
            return Decoded.rejected(DeadLetterReason.INVALID);
        }
        if (!event.tenantId().equals(key)) {
            return Decoded.rejected(DeadLetterReason.TENANT_MISMATCH);
        }
        if (event.occurredAt().isBefore(clock.instant().minus(retention))) {
            return Decoded.rejected(DeadLetterReason.EXPIRED);
        }
        return Decoded.ok(event);
    }
}
