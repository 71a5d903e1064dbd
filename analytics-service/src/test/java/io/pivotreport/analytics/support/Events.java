package io.pivotreport.analytics.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.SessionEvent;
import io.pivotreport.events.SessionEvent.EventType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Session events as the gateway produces them: the shared record, serialised with the shared strict mapper. */
public final class Events {

    private Events() {
    }

    public static String newTenant(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static SessionEvent generated(String tenant, Instant occurredAt, Integer totalMs) {
        return new SessionEvent(UUID.randomUUID(), tenant, EventType.REPORT_GENERATED, occurredAt,
                new SessionEvent.Source(SessionEvent.SourceType.PROJECT, List.of("PIV", "10042")),
                new SessionEvent.Counts(120, 12, 4),
                totalMs == null ? null : new SessionEvent.Timings(totalMs, totalMs / 2, totalMs / 4),
                "1.4.2", SessionEvent.BrowserFamily.FIREFOX, null);
    }

    public static SessionEvent of(String tenant, EventType type, Instant occurredAt) {
        return new SessionEvent(UUID.randomUUID(), tenant, type, occurredAt, null, null, null, "1.4.2", null,
                type == EventType.REPORT_FAILED ? "jira_timeout" : null);
    }

    public static byte[] json(SessionEvent event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event's JSON changed by {@code edit}: how a test plants what the schema must refuse. */
    public static byte[] edited(SessionEvent event, Consumer<ObjectNode> edit) {
        ObjectNode node = EventJson.mapper().valueToTree(event);
        edit.accept(node);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Map.Entry<String, byte[]> record(SessionEvent event) {
        return Map.entry(event.tenantId(), json(event));
    }
}
