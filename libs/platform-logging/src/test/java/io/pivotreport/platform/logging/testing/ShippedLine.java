package io.pivotreport.platform.logging.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/**
 * One log line as Loki received it: the stream's labels, the timestamp (epoch nanoseconds, sent as a string), the line
 * and its structured metadata.
 */
public record ShippedLine(Map<String, String> labels, String timestampNanos, String line, Map<String, String> metadata) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code service_name} label. */
    public String service() {
        return labels.get("service_name");
    }

    /** {@code trace_id} metadata, or null. */
    public String traceId() {
        return metadata.get("trace_id");
    }

    /** The line parsed as the JSON object platform-logging writes. */
    public JsonNode json() {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Shipped line is not JSON: " + line, e);
        }
    }

    /** The {@code message} field of the JSON line. */
    public String message() {
        JsonNode message = json().get("message");
        return message == null ? null : message.asText();
    }
}
