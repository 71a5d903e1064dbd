package io.pivotreport.observability;

import com.fasterxml.jackson.databind.JsonNode;
import io.pivotreport.observability.Dashboards.Query;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grafana is not installable here: provisioning files and dashboards are checked statically. */
class GrafanaProvisioningTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([a-zA-Z_][a-zA-Z0-9_]*)");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> datasources() {
        return (List<Map<String, Object>>) Files.yaml(Files.GRAFANA.resolve("provisioning/datasources/datasources.yml"))
                .get("datasources");
    }

    private static Set<String> datasourceUids() {
        return datasources().stream().map(d -> (String) d.get("uid")).collect(Collectors.toSet());
    }

    @Test
    void prometheusLokiTracesAndAlertmanagerAreProvisioned() {
        Map<String, String> types = datasources().stream()
                .collect(Collectors.toMap(d -> (String) d.get("uid"), d -> (String) d.get("type")));
        assertEquals(Map.of("prometheus", "prometheus", "loki", "loki", "traces", "tempo", "alertmanager",
                "alertmanager"), types);
    }

    @Test
    @SuppressWarnings("unchecked")
    void logLinesLinkToTheirTraceThroughTheTraceIdMetadata() {
        Map<String, Object> loki = datasources().stream().filter(d -> "loki".equals(d.get("uid"))).findFirst()
                .orElseThrow();
        List<Map<String, Object>> derived = (List<Map<String, Object>>) ((Map<String, Object>) loki.get("jsonData"))
                .get("derivedFields");
        Map<String, Object> traceLink = derived.stream().filter(f -> "trace_id".equals(f.get("matcherRegex")))
                .findFirst().orElseThrow(() -> new AssertionError("no derived field on trace_id"));
        assertEquals("label", traceLink.get("matcherType"), "trace_id is structured metadata, not text in the line");
        assertEquals("traces", traceLink.get("datasourceUid"));
        assertEquals("$${__value.raw}", traceLink.get("url"), "$$ keeps Grafana from expanding it as an env var");
    }

    @Test
    @SuppressWarnings("unchecked")
    void dashboardsAreLoadedFromTheDirectoryComposeMounts() {
        List<Map<String, Object>> providers = (List<Map<String, Object>>) Files.yaml(
                Files.GRAFANA.resolve("provisioning/dashboards/dashboards.yml")).get("providers");
        assertEquals("/var/lib/grafana/dashboards", ((Map<String, Object>) providers.get(0).get("options")).get("path"));
    }

    @Test
    void theFourDashboardsExistWithUniqueUids() {
        List<String> uids = Dashboards.files().stream().map(f -> Files.json(f).path("uid").asText()).toList();
        assertEquals(Set.of("pivot-overview", "pivot-security", "pivot-tenant-health", "pivot-service"),
                new HashSet<>(uids));
        assertEquals(uids.size(), new HashSet<>(uids).size());
    }

    @Test
    void everyPanelHasAUniqueIdAPlaceAProvisionedDataSourceAndAQuery() {
        List<String> problems = new ArrayList<>();
        Set<String> uids = datasourceUids();
        for (Path file : Dashboards.files()) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : Dashboards.panels(Files.json(file))) {
                String where = file.getFileName() + " / " + panel.path("title").asText();
                if (!ids.add(panel.path("id").asInt(-1))) {
                    problems.add(where + ": duplicate or missing id");
                }
                JsonNode grid = panel.path("gridPos");
                if (!grid.has("w") || !grid.has("h") || grid.path("x").asInt() + grid.path("w").asInt() > 24) {
                    problems.add(where + ": gridPos");
                }
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                if (!uids.contains(panel.path("datasource").path("uid").asText())) {
                    problems.add(where + ": data source not provisioned");
                }
                if (!panel.path("targets").elements().hasNext()) {
                    problems.add(where + ": no query");
                }
            }
        }
        for (Query query : Dashboards.queries()) {
            if (query.expr().isBlank() || !uids.contains(query.datasourceUid())) {
                problems.add(query.dashboard().getFileName() + " / " + query.panel() + ": empty query or unknown source");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyVariableAQueryUsesIsDefinedByItsDashboard() {
        List<String> problems = new ArrayList<>();
        for (Path file : Dashboards.files()) {
            Set<String> defined = new TreeSet<>();
            Files.json(file).path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
            for (Query query : Dashboards.queries(file)) {
                Matcher m = VARIABLE.matcher(query.expr());
                while (m.find()) {
                    if (!m.group(1).startsWith("__") && !defined.contains(m.group(1))) {
                        problems.add(file.getFileName() + " / " + query.panel() + ": $" + m.group(1) + " undefined");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void logPanelsSelectOnlyByTheTwoStreamLabelsAndShippedMetadata() {
        for (Query query : Dashboards.queries()) {
            if (query.datasourceUid().equals("loki")) {
                assertTrue(LogQl.STREAM_LABELS.containsAll(LogQl.streamLabels(query.expr())), query.expr());
                assertTrue(LogQl.METADATA_KEYS.containsAll(LogQl.metadataFilters(query.expr())), query.expr());
            }
        }
    }

    @Test
    void eachDashboardShowsWhatItsAudienceNeeds() {
        assertUses("security.json", "pivot_auth_failures_total", "pivot_internal_token_denials_total",
                "pivot_rate_limit_hits_total");
        assertUses("tenant-health.json", "pivot_license_lifecycle_events_total", "http_server_requests_seconds_bucket",
                "pivot_reports_saved_total");
        assertUses("service-detail.json", "jvm_memory_used_bytes", "http_server_requests_seconds_count",
                "agroal_active_count", "agroal_awaiting_count");
        assertUses("platform-overview.json", "up", "pivot_job_last_success_timestamp_seconds",
                "pivot_backup_last_success_timestamp_seconds", "kafka_consumer_fetch_manager_records_lag_max");
        assertTrue(Dashboards.queries(Files.DASHBOARDS.resolve("tenant-health.json")).stream()
                .anyMatch(q -> q.datasourceUid().equals("loki") && q.expr().contains("tenant=\"$tenant\"")),
                "support can follow one tenant through the logs");
    }

    private static void assertUses(String dashboard, String... metrics) {
        Set<String> used = Dashboards.queries(Files.DASHBOARDS.resolve(dashboard)).stream()
                .filter(q -> q.datasourceUid().equals("prometheus")).flatMap(q -> PromQl.metricNames(q.expr()).stream())
                .collect(Collectors.toSet());
        for (String metric : metrics) {
            assertTrue(used.contains(metric), dashboard + " does not show " + metric);
        }
    }
}
