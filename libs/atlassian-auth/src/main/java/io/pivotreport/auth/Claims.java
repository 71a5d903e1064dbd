package io.pivotreport.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small readers over untrusted claim JSON. */
final class Claims {
    private Claims() {
    }

    /** The text of {@code node.name}, or null when absent or not a string. */
    static String text(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** The text at a dotted path such as {@code app.environment.type}, or null. */
    static String textAt(JsonNode node, String... path) {
        JsonNode current = node;
        for (int i = 0; i < path.length - 1 && current != null; i++) {
            current = current.get(path[i]);
        }
        return current != null && current.isObject() ? text(current, path[path.length - 1]) : null;
    }

    /** Whether {@code aud} (a string or an array of strings) contains the expected value. */
    static boolean audienceContains(JsonNode claims, String expected, boolean ignoreTrailingSlash) {
        JsonNode aud = claims.get("aud");
        if (aud == null) {
            return false;
        }
        if (aud.isTextual()) {
            return audienceEquals(aud.textValue(), expected, ignoreTrailingSlash);
        }
        if (aud.isArray()) {
            for (JsonNode entry : aud) {
                if (entry.isTextual() && audienceEquals(entry.textValue(), expected, ignoreTrailingSlash)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean audienceEquals(String actual, String expected, boolean ignoreTrailingSlash) {
        return ignoreTrailingSlash
                ? AuthSettings.stripTrailingSlash(actual).equals(AuthSettings.stripTrailingSlash(expected))
                : actual.equals(expected);
    }

    /** An object claim as an unmodifiable map (nested maps and lists unmodifiable too); empty when absent. */
    static Map<String, Object> objectAsMap(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null || !value.isObject()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) toJava(value);
        return map;
    }

    private static Object toJava(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), toJava(field.getValue()));
            }
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toJava(element)));
            return Collections.unmodifiableList(list);
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }
}
