package io.pivotreport.observability;

import io.pivotreport.observability.Rules.Rule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AlertmanagerConfigTest {

    /** Keys that would hold a credential inline; only their *_file variants are allowed. */
    private static final Set<String> INLINE_SECRET_KEYS = Set.of("password", "api_key", "service_key", "routing_key",
            "auth_password", "auth_secret", "bot_token", "token", "credentials", "api_url", "webhook_url", "secret",
            "client_secret", "smtp_auth_password", "smtp_auth_secret");

    @Test
    void amtoolAcceptsTheConfiguration() {
        Tools.amtool(Files.MODULE, "check-config", Files.ALERTMANAGER.toString()).assertSuccess("amtool check-config");
    }

    /** Each alert, with the labels its rule gives it, reaches the receiver of its team. */
    @Test
    void everyAlertIsRoutedToItsTeamsReceiver() {
        List<String> problems = new ArrayList<>();
        for (Rule rule : Rules.prometheus()) {
            if (!rule.isAlert()) {
                continue;
            }
            String team = rule.labels().get("team");
            String expected = "security".equals(team) ? "security"
                    : "critical".equals(rule.labels().get("severity")) ? "paging-critical" : "paging";
            List<String> args = new ArrayList<>(List.of("config", "routes", "test",
                    "--config.file=" + Files.ALERTMANAGER, "--verify.receivers=" + expected, "alertname=" + rule.alert()));
            rule.labels().forEach((k, v) -> args.add(k + "=" + v));
            Tools.Result result = Tools.amtool(Files.MODULE, args.toArray(String[]::new));
            if (result.exitCode() != 0) {
                problems.add(rule.alert() + " " + rule.labels() + " expected " + expected + ": " + result.output().strip());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void securityAndPagingAlertsReachDifferentReceivers() {
        String security = route("team=security", "severity=critical");
        String paging = route("team=paging", "severity=warning");
        assertEquals("security", security);
        assertEquals("paging", paging);
    }

    @Test
    void noCredentialIsWrittenIntoTheFile() {
        List<String> found = new ArrayList<>();
        walk(Files.yaml(Files.ALERTMANAGER), "", found);
        assertEquals(List.of(), found);
    }

    private static String route(String... labels) {
        List<String> args = new ArrayList<>(List.of("config", "routes", "test", "--config.file=" + Files.ALERTMANAGER));
        args.addAll(List.of(labels));
        String output = Tools.amtool(Files.MODULE, args.toArray(String[]::new)).assertSuccess("amtool routes test")
                .output();
        return output.lines().filter(l -> !l.startsWith("Warning")).findFirst().orElse("").strip();
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object node, String path, List<String> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (INLINE_SECRET_KEYS.contains(key)) {
                    found.add(path + "/" + key + " holds a credential inline; use " + key + "_file");
                }
                if (key.equals("url") && v instanceof String url && (url.matches("(?i)[a-z]+://[^/]*@.*")
                        || url.matches("(?i).*[?&](token|key|secret|password)=.*"))) {
                    found.add(path + "/url carries a credential");
                }
                walk(v, path + "/" + key, found);
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found);
            }
        }
    }
}
