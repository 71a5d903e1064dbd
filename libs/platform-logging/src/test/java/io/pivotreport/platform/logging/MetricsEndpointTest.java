package io.pivotreport.platform.logging;

import io.pivotreport.platform.logging.metrics.JobHeartbeats;
import io.pivotreport.platform.logging.metrics.MetricNames;
import io.pivotreport.platform.logging.testing.LokiReceiverResource;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Prometheus scrapes from a service using this library: the exact names the dashboards and alert rules use
 * (docs/observability.md lists them; deploy/observability checks its queries against that list).
 */
@QuarkusTest
@WithTestResource(LokiReceiverResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "pivot.logging-probe.v1"))
@WithTestResource(PostgresTestResource.class)
class MetricsEndpointTest {

    @Inject
    JobHeartbeats heartbeats;

    @Test
    void httpServerRequestsHaveLatencyBuckets() {
        given().queryParam("marker", "m").queryParam("tenant", "t").get("/probe/hello").then().statusCode(200);

        String metrics = scrape();

        assertTrue(metrics.contains("http_server_requests_seconds_bucket{"), "histogram buckets");
        assertTrue(metrics.matches("(?s).*http_server_requests_seconds_bucket\\{[^}]*uri=\"/probe/hello\"[^}]*le=\"\\+Inf\".*"),
                "per-route buckets up to +Inf");
        assertTrue(metrics.contains("http_server_requests_seconds_count{"), "request count");
    }

    @Test
    void logShippingCountersAreExposedFromTheStart() {
        String metrics = scrape();

        assertTrue(metrics.contains(MetricNames.LOG_SHIPPING_DROPPED + "{reason=\"queue_full\"} 0.0"), metrics);
        assertTrue(metrics.contains(MetricNames.LOG_SHIPPING_DROPPED + "{reason=\"loki_backpressure\"}"), metrics);
        assertTrue(metrics.contains(MetricNames.LOG_SHIPPING_FAILED_BATCHES + " "), metrics);
        assertTrue(metrics.contains("loki4j_send_batches_total{appender=\"pivot-loki\"}"), "Loki4j's own meters");
    }

    @Test
    void aJobHeartbeatIsTheUnixTimeOfTheLastSuccessTaggedWithTheJob() {
        heartbeats.succeeded(JobHeartbeats.Job.SESSION_DATA_PURGE, Instant.ofEpochSecond(1_800_000_000L));
        heartbeats.rowsAffected(JobHeartbeats.Job.SESSION_DATA_PURGE, 12);

        String metrics = scrape();

        assertTrue(metrics.contains(MetricNames.JOB_LAST_SUCCESS + "{job=\"session-data-purge\"} 1.8E9"), metrics);
        assertTrue(metrics.contains(MetricNames.JOB_ROWS_AFFECTED + "{job=\"session-data-purge\"} 12.0"), metrics);
        assertTrue(metrics.contains(MetricNames.JOB_ROWS_AFFECTED + "{job=\"tenant-erasure\"} 0.0"), metrics);
    }

    @Test
    void kafkaConsumerLagIsExportedUnderTheNameTheAlertUses() {
        given().queryParam("marker", UUID.randomUUID().toString()).post("/probe/relay").then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> scrape().contains("kafka_consumer_fetch_manager_records_lag_max{"));
        String metrics = scrape();
        assertTrue(metrics.matches("(?s).*kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"[^\"]+\".*"),
                "tagged with the client id");
    }

    @Test
    void jvmMetricsTheServiceDashboardUsesAreThere() {
        String metrics = scrape();

        for (String name : List.of("jvm_memory_used_bytes{", "jvm_gc_pause_seconds_count{", "jvm_threads_live_threads",
                "process_cpu_usage", "process_uptime_seconds", "process_start_time_seconds")) {
            assertTrue(metrics.contains(name), name);
        }
    }

    @Test
    void connectionPoolMetricsTheServiceDashboardUsesAreThere() throws Exception {
        String metrics = scrape();

        for (String name : List.of("agroal_active_count{", "agroal_available_count{", "agroal_awaiting_count{",
                "agroal_max_used_count{")) {
            assertTrue(metrics.contains(name + "datasource=\"default\""), name);
        }
        // kept for the record: deploy/observability's metric list was checked against this scrape
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "probe-app-metrics.prom"), metrics);
    }

    static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
