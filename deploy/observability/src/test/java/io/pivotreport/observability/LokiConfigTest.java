package io.pivotreport.observability;

import io.pivotreport.observability.Rules.Rule;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loki itself is not installable here, so its configuration and ruler rules are checked statically. */
class LokiConfigTest {

    @Test
    @SuppressWarnings("unchecked")
    void lokiKeepsStructuredMetadataThirtyDaysAndRunsTheRuler() {
        Map<String, Object> loki = Files.yaml(Files.LOKI.resolve("loki.yaml"));
        Map<String, Object> limits = (Map<String, Object>) loki.get("limits_config");
        assertEquals(Boolean.TRUE, limits.get("allow_structured_metadata"));
        assertEquals("30d", limits.get("retention_period"));
        assertEquals(Boolean.TRUE, ((Map<String, Object>) loki.get("compactor")).get("retention_enabled"));
        List<Map<String, Object>> schemas = (List<Map<String, Object>>) ((Map<String, Object>) loki.get("schema_config"))
                .get("configs");
        assertEquals("v13", schemas.get(schemas.size() - 1).get("schema"), "structured metadata needs schema v13");
        Map<String, Object> ruler = (Map<String, Object>) loki.get("ruler");
        Map<String, Object> local = (Map<String, Object>) ((Map<String, Object>) ruler.get("storage")).get("local");
        assertEquals("/etc/loki/rules", local.get("directory"));
        assertEquals("http://alertmanager:9093", ruler.get("alertmanager_url"));
        assertEquals(Boolean.FALSE, loki.get("auth_enabled"), "single tenant 'fake' is what rules/fake/ is for");
    }

    @Test
    void ruleFilesSitInTheSingleTenantsDirectory() {
        List<Path> files = Files.walk(Files.LOKI.resolve("rules"), ".yml");
        assertFalse(files.isEmpty());
        for (Path file : files) {
            assertEquals("fake", file.getParent().getFileName().toString(), file.toString());
        }
    }

    @Test
    void everyLogAlertCarriesSeverityTeamSummaryAndRunbook() {
        List<String> problems = new ArrayList<>();
        for (Rule rule : Rules.loki()) {
            if (!Set.of("critical", "warning").contains(rule.labels().get("severity"))) {
                problems.add(rule.name() + ": severity");
            }
            if (!Set.of("security", "paging").contains(rule.labels().get("team"))) {
                problems.add(rule.name() + ": team");
            }
            if (rule.annotations().getOrDefault("summary", "").isBlank()
                    || !rule.annotations().getOrDefault("runbook_url", "").startsWith("docs/")) {
                problems.add(rule.name() + ": summary and runbook_url");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void logAlertsSelectOnlyByTheTwoStreamLabelsAndShippedMetadata() {
        for (Rule rule : Rules.loki()) {
            assertTrue(LogQl.STREAM_LABELS.containsAll(LogQl.streamLabels(rule.expr())), rule.name() + ": " + rule.expr());
            assertTrue(LogQl.METADATA_KEYS.containsAll(LogQl.metadataFilters(rule.expr())), rule.name() + ": " + rule.expr());
        }
    }
}
