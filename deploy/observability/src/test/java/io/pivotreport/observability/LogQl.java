package io.pivotreport.observability;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a LogQL query selects on: stream labels inside {…}, structured-metadata keys in label filters after '|'. */
final class LogQl {

    /** Stream labels platform-logging ships (docs/observability.md): nothing else may be a Loki label. */
    static final Set<String> STREAM_LABELS = Set.of("service_name", "env");
    /** Structured metadata platform-logging ships with every line. */
    static final Set<String> METADATA_KEYS = Set.of("level", "logger", "trace_id", "span_id", "tenant");

    private static final Pattern SELECTOR = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern LABEL_FILTER = Pattern.compile("\\|\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=|>|<)");

    private LogQl() {
    }

    static Set<String> streamLabels(String query) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher selector = SELECTOR.matcher(query);
        while (selector.find()) {
            Matcher matcher = MATCHER.matcher(selector.group(1));
            while (matcher.find()) {
                labels.add(matcher.group(1));
            }
        }
        if (labels.isEmpty()) {
            throw new AssertionError("No stream selector in LogQL query: " + query);
        }
        return labels;
    }

    static Set<String> metadataFilters(String query) {
        Set<String> keys = new LinkedHashSet<>();
        Matcher matcher = LABEL_FILTER.matcher(query);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }
}
