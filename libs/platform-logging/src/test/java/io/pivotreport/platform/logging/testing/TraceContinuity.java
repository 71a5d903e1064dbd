package io.pivotreport.platform.logging.testing;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Assertions that one request kept one trace id across services, judged from the shipped logs (trace id travels as
 * structured metadata {@code trace_id}). Framework-free: failures are {@link AssertionError}s.
 *
 * <pre>{@code
 * String trace = TraceContinuity.traceIdOf(loki.lines(), l -> l.service().equals("gateway-service")
 *         && l.message().contains("POST /api/events"));
 * TraceContinuity.assertServicesLoggedTrace(loki.lines(), trace, "gateway-service", "analytics-service");
 * }</pre>
 */
public final class TraceContinuity {

    private TraceContinuity() {
    }

    /** The one trace id carried by the lines matching {@code anchor}; fails if none match, or they disagree. */
    public static String traceIdOf(List<ShippedLine> lines, Predicate<ShippedLine> anchor) {
        List<ShippedLine> anchors = lines.stream().filter(anchor).toList();
        if (anchors.isEmpty()) {
            throw new AssertionError("No shipped line matches the anchor among " + lines.size() + " lines");
        }
        Set<String> traceIds = anchors.stream().map(ShippedLine::traceId).map(String::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
        if (traceIds.size() != 1 || traceIds.contains("null")) {
            throw new AssertionError("Anchor lines carry trace ids " + traceIds + ", expected exactly one");
        }
        String traceId = traceIds.iterator().next();
        if (!traceId.matches("[0-9a-f]{32}") || traceId.matches("0+")) {
            throw new AssertionError("Not a valid W3C trace id: " + traceId);
        }
        return traceId;
    }

    /** Fails unless every service in {@code services} shipped at least one line with {@code traceId}. */
    public static void assertServicesLoggedTrace(List<ShippedLine> lines, String traceId, String... services) {
        Set<String> seen = lines.stream().filter(l -> traceId.equals(l.traceId())).map(ShippedLine::service)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(List.of(services));
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            throw new AssertionError("Trace " + traceId + " was logged by " + seen + " but not by " + missing);
        }
    }

    /** Lines carrying {@code traceId}, in arrival order. */
    public static List<ShippedLine> linesOfTrace(List<ShippedLine> lines, String traceId) {
        return lines.stream().filter(l -> traceId.equals(l.traceId())).toList();
    }
}
