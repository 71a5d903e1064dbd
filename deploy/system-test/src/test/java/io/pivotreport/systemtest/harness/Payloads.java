package io.pivotreport.systemtest.harness;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Valid bodies of the app API, to change one thing at a time. */
public final class Payloads {

    private Payloads() {
    }

    /** A saved report as the front end creates it. */
    public static Map<String, Object> report(String name, String visibility) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("schemaVersion", 1);
        configuration.put("rows", List.of(Map.of("field", "status")));
        configuration.put("columns", List.of(Map.of("field", "created", "dateGrouping", "month")));
        configuration.put("measures", List.of(Map.of("aggregation", "count")));
        configuration.put("filters", List.of(Map.of("field", "issuetype", "operator", "in",
                "values", List.of("10001", "10002"))));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("name", name);
        report.put("source", Map.of("type", "project", "id", "PIV"));
        report.put("configuration", configuration);
        report.put("visibility", visibility);
        return report;
    }

    /** A {@code report_generated} session event with a total time. */
    public static Map<String, Object> event(UUID id, int totalMs) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", id.toString());
        event.put("type", "report_generated");
        event.put("occurredAt", Instant.now().minusSeconds(2).toString());
        event.put("source", Map.of("type", "project", "ids", List.of("PIV", "10001")));
        event.put("counts", Map.of("issues", 120, "rows", 8, "columns", 3));
        event.put("timings", Map.of("totalMs", totalMs, "fetchMs", totalMs / 2, "renderMs", totalMs / 2));
        event.put("appVersion", "1.4.2");
        event.put("browserFamily", "firefox");
        return event;
    }

    /** A {@code report_failed} session event. */
    public static Map<String, Object> failure(UUID id) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", id.toString());
        event.put("type", "report_failed");
        event.put("occurredAt", Instant.now().minusSeconds(2).toString());
        event.put("source", Map.of("type", "filter", "ids", List.of("10010")));
        event.put("appVersion", "1.4.2");
        event.put("browserFamily", "chrome");
        event.put("failureCode", "jira_timeout");
        return event;
    }

    public static Map<String, Object> batch(List<Map<String, Object>> events) {
        return Map.of("events", events);
    }
}
