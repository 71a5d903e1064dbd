package io.pivotreport.observability;

import io.pivotreport.observability.Dashboards.Query;
import io.pivotreport.observability.Rules.Rule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every metric a Prometheus rule or a dashboard queries must be one the platform exposes; see {@link ExposedMetrics}
 * for where that list comes from (documented names now, scraped {@code /q/metrics} once the system test saves them:
 * {@code -Dobservability.scraped-metrics=<dir>}).
 */
class MetricNameConsistencyTest {

    /** Labels that would identify a customer or a person; metrics never carry them (docs/conventions.md). */
    private static final Set<String> FORBIDDEN_LABELS = Set.of("tenant", "tenant_id", "tenantId", "account",
            "account_id", "accountId", "client_key", "clientKey", "user", "user_id", "email");

    /** Where each PromQL expression comes from, for readable failures. */
    private static Map<String, String> promQlExpressions() {
        Map<String, String> exprs = new TreeMap<>();
        for (Rule rule : Rules.prometheus()) {
            exprs.put("rule " + rule.name() + " " + rule.labels(), rule.expr());
        }
        int n = 0;
        for (Query query : Dashboards.queries()) {
            if (query.datasourceUid().equals("prometheus")) {
                exprs.put("dashboard " + query.dashboard().getFileName() + " / " + query.panel() + " (query "
                        + (++n) + ")", query.expr());
            }
        }
        return exprs;
    }

    private static Set<String> recordedNames() {
        return Rules.prometheus().stream().filter(r -> !r.isAlert()).map(Rule::record).collect(Collectors.toSet());
    }

    @Test
    void everyQueriedMetricIsExposed() {
        ExposedMetrics exposed = ExposedMetrics.configured();
        Set<String> known = new TreeSet<>(exposed.names());
        known.addAll(recordedNames());
        List<String> unknown = new ArrayList<>();
        promQlExpressions().forEach((where, expr) -> {
            for (String name : PromQl.metricNames(expr)) {
                if (!known.contains(name)) {
                    unknown.add(name + " in " + where);
                }
            }
        });
        assertEquals(List.of(), unknown, "metric names unknown to " + exposed.source());
    }

    @Test
    void everyDocumentedPlatformMetricIsWatchedByARuleOrADashboard() {
        Set<String> used = promQlExpressions().values().stream().flatMap(e -> PromQl.metricNames(e).stream())
                .collect(Collectors.toSet());
        Set<String> unwatched = new TreeSet<>(ExposedMetrics.documentedPivotNames());
        unwatched.removeAll(used);
        assertEquals(Set.of(), unwatched);
    }

    @Test
    void theNamesTheIssueListsAreDocumented() {
        Set<String> documented = ExposedMetrics.documentedPivotNames();
        for (String name : List.of("pivot_auth_failures_total", "pivot_internal_token_denials_total",
                "pivot_rate_limit_hits_total", "pivot_license_lifecycle_events_total", "pivot_reports_saved_total",
                "pivot_session_events_ingested_total", "pivot_session_events_dead_lettered_total",
                "pivot_job_last_success_timestamp_seconds", "pivot_backup_last_success_timestamp_seconds",
                "pivot_outbox_pending", "pivot_log_shipping_dropped_total")) {
            assertTrue(documented.contains(name), name);
        }
    }

    @Test
    void noQueryGroupsOrFiltersByATenantOrAPerson() {
        List<String> offending = new ArrayList<>();
        promQlExpressions().forEach((where, expr) -> {
            Set<String> labels = new TreeSet<>(PromQl.labelNames(expr));
            labels.retainAll(FORBIDDEN_LABELS);
            if (!labels.isEmpty()) {
                offending.add(where + " uses " + labels);
            }
        });
        assertEquals(List.of(), offending);
    }
}
