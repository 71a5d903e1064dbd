package io.pivotreport.observability;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The name extractor the consistency check relies on. */
class PromQlTest {

    @Test
    void findsMetricsInsideFunctionsAggregationsAndBinaryOperators() {
        String expr = "histogram_quantile(0.99, sum by (job, le) (rate(http_server_requests_seconds_bucket{job=~\"a|b\","
                + " status!~\"5..\"}[5m]))) > 1 and on (job) job:pivot_http_requests:rate5m > 0.1";

        assertEquals(Set.of("http_server_requests_seconds_bucket", "job:pivot_http_requests:rate5m"),
                PromQl.metricNames(expr));
        assertEquals(Set.of("job", "le", "status"), PromQl.labelNames(expr));
    }

    @Test
    void ignoresGrafanaVariablesOffsetsAndStringsThatLookLikeMetrics() {
        String expr = "sum(increase(pivot_internal_token_denials_total{reason=\"cross_tenant\", job=\"$job\"}[$__range]"
                + " offset 1h)) / count without (instance) (up{job=~\"not_a_metric_total\"}) + time() - vector(0)";

        assertEquals(Set.of("pivot_internal_token_denials_total", "up"), PromQl.metricNames(expr));
        assertEquals(Set.of("reason", "job", "instance"), PromQl.labelNames(expr));
    }

    @Test
    void readsMultiLineRuleExpressionsWithAbsentAndOr() {
        String expr = "(time() - max by (job, exported_job) (max_over_time(pivot_job_last_success_timestamp_seconds[27h])))"
                + " > 26 * 3600\n  or absent_over_time(pivot_backup_last_success_timestamp_seconds{database=\"report\"}[26h])";

        assertEquals(Set.of("pivot_job_last_success_timestamp_seconds", "pivot_backup_last_success_timestamp_seconds"),
                PromQl.metricNames(expr));
    }
}
