package io.pivotreport.observability;

import io.pivotreport.observability.Rules.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusRulesTest {

    /** The alerts the runbooks (docs/operations.md, "## Alerts") are written for. */
    static final Set<String> REQUIRED_ALERTS = Set.of("ServiceDown", "HighErrorRatio", "SloBurnRateFast",
            "SloBurnRateSlow", "HighLatencyP99", "AuthFailureSpike", "CrossTenantDenial", "InternalTokenDenial",
            "RateLimitStorm", "KafkaConsumerLag", "DeadLetterGrowth", "RetentionPurgeStale", "BackupStale",
            "LogShippingDrops", "OutboxBacklog", "ConsumerWaiting", "PersonalDataReportingFailing",
            "SupportPathRefusals", "SupportReadBurst");

    static final Set<String> SECURITY_ALERTS = Set.of("AuthFailureSpike", "CrossTenantDenial", "InternalTokenDenial",
            "RateLimitStorm", "SupportPathRefusals", "SupportReadBurst");

    @Test
    void everyRuleFilePassesPromtoolCheckRules() {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        Files.list(Files.RULES, ".yml").forEach(f -> args.add(f.toString()));
        Tools.promtool(Files.MODULE, args.toArray(String[]::new)).assertSuccess("promtool check rules");
    }

    @Test
    void prometheusConfigIsValidAndLoadsEveryRuleFile() {
        Tools.Result result = Tools.promtool(Files.PROMETHEUS, "check", "config", "prometheus.yml")
                .assertSuccess("promtool check config");
        int ruleFiles = Files.list(Files.RULES, ".yml").size();
        assertTrue(result.output().contains(ruleFiles + " rule files found"), result.output());
    }

    static List<Path> ruleTests() {
        return Files.list(Files.RULE_TESTS, ".yml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleTests")
    void promtoolUnitTestsPass(Path testFile) {
        Tools.promtool(Files.PROMETHEUS, "test", "rules", Files.PROMETHEUS.relativize(testFile).toString())
                .assertSuccess("promtool test rules " + testFile.getFileName());
    }

    @Test
    void theRequiredAlertsAndNoOthersExist() {
        Set<String> alerts = Rules.prometheus().stream().filter(Rule::isAlert).map(Rule::alert)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(REQUIRED_ALERTS), alerts);
    }

    @Test
    void everyAlertCarriesSeverityTeamSummaryAndItsRunbookAnchor() {
        List<String> problems = new ArrayList<>();
        for (Rule rule : Rules.prometheus()) {
            if (!rule.isAlert()) {
                continue;
            }
            String name = rule.alert();
            if (!Set.of("critical", "warning").contains(rule.labels().get("severity"))) {
                problems.add(name + ": severity must be critical or warning");
            }
            String expectedTeam = SECURITY_ALERTS.contains(name) ? "security" : "paging";
            if (!expectedTeam.equals(rule.labels().get("team"))) {
                problems.add(name + ": team must be " + expectedTeam + ", is " + rule.labels().get("team"));
            }
            String runbook = "docs/operations.md#" + name.toLowerCase(Locale.ROOT);
            if (!runbook.equals(rule.annotations().get("runbook_url"))) {
                problems.add(name + ": runbook_url must be " + runbook);
            }
            if (rule.annotations().getOrDefault("summary", "").isBlank()) {
                problems.add(name + ": no summary");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Every alert has a promtool case in which it fires and one in which it stays quiet. */
    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasAFiringAndAQuietTestCase() {
        Map<String, int[]> cases = new TreeMap<>();
        REQUIRED_ALERTS.forEach(a -> cases.put(a, new int[2]));
        for (Path testFile : ruleTests()) {
            for (Map<String, Object> test : (List<Map<String, Object>>) Files.yaml(testFile).get("tests")) {
                for (Map<String, Object> check : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
                    int[] counts = cases.computeIfAbsent((String) check.get("alertname"), a -> new int[2]);
                    List<?> expected = (List<?>) check.get("exp_alerts");
                    counts[expected == null || expected.isEmpty() ? 1 : 0]++;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        cases.forEach((alert, counts) -> {
            if (counts[0] == 0) {
                missing.add(alert + " never fires in a test");
            }
            if (counts[1] == 0) {
                missing.add(alert + " is never tested quiet");
            }
        });
        assertEquals(List.of(), missing);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRuleFileIsLoadedByAUnitTest() {
        Set<String> loaded = new TreeSet<>();
        for (Path testFile : ruleTests()) {
            for (String ruleFile : (List<String>) Files.yaml(testFile).get("rule_files")) {
                loaded.add(Files.RULE_TESTS.resolve(ruleFile).normalize().getFileName().toString());
            }
        }
        Set<String> files = Files.list(Files.RULES, ".yml").stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(files, loaded);
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesAreScrapedWithoutHonorLabelsSoTheirJobTagBecomesExportedJob() {
        List<Map<String, Object>> scrapes = (List<Map<String, Object>>) Files.yaml(
                Files.PROMETHEUS.resolve("prometheus.yml")).get("scrape_configs");
        Set<String> services = Set.of("gateway-service", "license-service", "report-service", "analytics-service");
        Set<String> found = new TreeSet<>();
        for (Map<String, Object> scrape : scrapes) {
            String job = (String) scrape.get("job_name");
            if (services.contains(job)) {
                found.add(job);
                assertEquals("/q/metrics", scrape.get("metrics_path"), job);
                assertTrue(!Boolean.TRUE.equals(scrape.get("honor_labels")), job + " must not honor labels");
            }
        }
        assertEquals(new TreeSet<>(services), found);
    }
}
