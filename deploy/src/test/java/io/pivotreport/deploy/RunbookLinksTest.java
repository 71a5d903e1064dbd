package io.pivotreport.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every alert an on-call engineer can receive leads to a runbook section that exists: the rule files under
 * deploy/observability carry a runbook_url to a heading in docs/, and docs/operations.md has a section for every alert
 * the platform defines. Links inside the operations docs resolve too.
 */
class RunbookLinksTest {

    /** The alerts the platform defines (issue 8); the runbook needs a section for each. */
    static final List<String> PLATFORM_ALERTS = List.of("ServiceDown", "HighErrorRatio", "SloBurnRateFast",
            "SloBurnRateSlow", "HighLatencyP99", "AuthFailureSpike", "CrossTenantDenial", "InternalTokenDenial",
            "RateLimitStorm", "KafkaConsumerLag", "DeadLetterGrowth", "RetentionPurgeStale", "BackupStale",
            "LogShippingDrops", "OutboxBacklog");

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern RUNBOOK = Pattern.compile("(?:^|/)(docs/[A-Za-z0-9_./-]+\\.md)#([A-Za-z0-9_-]+)$");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void theRunbookHasASectionForEveryAlertOfThePlatform() {
        List<String> alertHeadings = alertSectionHeadings(DeployTree.docs().resolve("operations.md"));
        assertFalse(alertHeadings.isEmpty(), "docs/operations.md needs a '## Alerts' section with one ### per alert");
        for (String alert : PLATFORM_ALERTS) {
            assertTrue(alertHeadings.contains(alert), "docs/operations.md '## Alerts' has no '### " + alert + "'");
        }
        assertEquals(new LinkedHashSet<>(alertHeadings).size(), alertHeadings.size(), "duplicate alert headings");
    }

    @Test
    void everyAlertRuleLinksToAnExistingRunbookHeading() {
        Path observability = DeployTree.deploy().resolve("observability");
        List<Path> files = DeployTree.filesEndingWith(observability, ".yml", ".yaml");
        List<String> problems = new ArrayList<>();
        int alerts = 0;
        for (Path file : files) {
            // Every document of every YAML file: rule files are mappings with "groups"; others have no alerts.
            for (Map<String, Object> doc : Yamls.loadAllMappings(DeployTree.read(file))) {
                List<Map<String, Object>> found = alertRules(doc);
                alerts += found.size();
                problems.addAll(brokenRunbookLinks(found, DeployTree.root(), DeployTree.root().relativize(file).toString()));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(alerts >= PLATFORM_ALERTS.size(), "deploy/observability defines only " + alerts + " alert rules");
    }

    @Test
    void theLinkCheckerRejectsMissingAndDanglingRunbookLinks() {
        Map<String, Object> rules = Yamls.loadString("""
                groups:
                  - name: sample
                    rules:
                      - alert: BackupStale
                        expr: time() - pivot_backup_last_success_timestamp_seconds > 26 * 3600
                        annotations:
                          runbook_url: https://example.com/pivot/blob/main/docs/operations.md#backupstale
                      - alert: NoRunbook
                        expr: vector(1)
                      - alert: Dangling
                        expr: vector(1)
                        annotations:
                          runbook_url: docs/operations.md#no-such-heading
                      - alert: WrongFile
                        expr: vector(1)
                        annotations:
                          runbook_url: docs/nowhere.md#backupstale
                      - record: job:not_an_alert:rate5m
                        expr: vector(1)
                """);
        List<Map<String, Object>> found = alertRules(rules);
        assertEquals(4, found.size(), "recording rules are not alerts");
        List<String> problems = brokenRunbookLinks(found, DeployTree.root(), "sample.yml");
        assertEquals(3, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).contains("NoRunbook"));
        assertTrue(problems.get(1).contains("Dangling"));
        assertTrue(problems.get(2).contains("WrongFile"));
    }

    @Test
    void everyRelativeLinkInTheOperationsDocsResolves() {
        for (String doc : List.of("operations.md", "security-privacy-mapping.md")) {
            Path file = DeployTree.docs().resolve(doc);
            assertTrue(Files.isRegularFile(file), "docs/" + doc + " is missing");
            Matcher m = LINK.matcher(DeployTree.read(file));
            int links = 0;
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
                    continue;
                }
                links++;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                assertTrue(Files.exists(resolved), "docs/" + doc + " links to missing " + target);
                if (anchor != null && resolved.toString().endsWith(".md")) {
                    assertTrue(slugs(resolved).contains(anchor), "docs/" + doc + " links to missing heading " + target);
                }
            }
            assertTrue(links > 0, "docs/" + doc + " links nothing in the tree");
        }
    }

    /** The {@code alert:} rules of a Prometheus/Loki rule file ({@code groups[].rules[]}). */
    static List<Map<String, Object>> alertRules(Map<String, Object> doc) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : Yamls.list(doc, "groups")) {
            for (Map<String, Object> rule : Yamls.list(group, "rules")) {
                if (rule.containsKey("alert")) {
                    alerts.add(rule);
                }
            }
        }
        return alerts;
    }

    /** One line per alert whose runbook_url is missing or does not point to an existing heading under docs/. */
    static List<String> brokenRunbookLinks(List<Map<String, Object>> alerts, Path root, String source) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> rule : alerts) {
            String alert = String.valueOf(rule.get("alert"));
            String url = Yamls.string(rule, "annotations.runbook_url");
            if (url == null || url.isBlank()) {
                problems.add(source + ": alert " + alert + " has no annotations.runbook_url");
                continue;
            }
            Matcher m = RUNBOOK.matcher(url.trim());
            if (!m.find()) {
                problems.add(source + ": alert " + alert + " runbook_url " + url + " is not docs/<page>.md#<heading>");
                continue;
            }
            Path page = root.resolve(m.group(1)).normalize();
            if (!Files.isRegularFile(page)) {
                problems.add(source + ": alert " + alert + " links to missing " + m.group(1));
            } else if (!slugs(page).contains(m.group(2))) {
                problems.add(source + ": alert " + alert + " links to missing heading #" + m.group(2) + " in "
                        + m.group(1));
            }
        }
        return problems;
    }

    /** The {@code ###} headings inside the {@code ## Alerts} section of a page. */
    static List<String> alertSectionHeadings(Path page) {
        List<String> headings = new ArrayList<>();
        boolean inAlerts = false;
        boolean inCode = false;
        for (String line : DeployTree.read(page).lines().toList()) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            Matcher m = HEADING.matcher(line);
            if (inCode || !m.matches()) {
                continue;
            }
            int level = m.group(1).length();
            if (level <= 2) {
                inAlerts = level == 2 && m.group(2).equals("Alerts");
            } else if (inAlerts && level == 3) {
                headings.add(m.group(2));
            }
        }
        return headings;
    }

    /** GitHub's anchors of every heading of a Markdown page (lower-case, punctuation dropped, spaces to hyphens). */
    static Set<String> slugs(Path page) {
        Set<String> slugs = new LinkedHashSet<>();
        boolean inCode = false;
        for (String line : DeployTree.read(page).lines().toList()) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            Matcher m = HEADING.matcher(line);
            if (!inCode && m.matches()) {
                String base = m.group(2).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                String slug = base;
                for (int i = 1; !slugs.add(slug); i++) {
                    slug = base + "-" + i;
                }
            }
        }
        return slugs;
    }
}
