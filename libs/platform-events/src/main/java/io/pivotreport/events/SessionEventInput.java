package io.pivotreport.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

/** A session event as the app's front end sends it: {@link SessionEvent} without the tenant, which the gateway adds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionEventInput(
        UUID eventId,
        SessionEvent.EventType type,
        Instant occurredAt,
        SessionEvent.Source source,
        SessionEvent.Counts counts,
        SessionEvent.Timings timings,
        String appVersion,
        SessionEvent.BrowserFamily browserFamily,
        String failureCode) {
}
