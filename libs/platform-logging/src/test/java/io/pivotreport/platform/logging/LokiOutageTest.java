package io.pivotreport.platform.logging;

import io.pivotreport.platform.logging.metrics.MetricNames;
import io.pivotreport.platform.logging.testing.LokiPushReceiver;
import io.pivotreport.platform.logging.testing.LokiReceiverResource;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loki failing must neither slow requests nor go unnoticed; when it is back, shipping resumes by itself. */
@QuarkusTest
@WithTestResource(LokiReceiverResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "pivot.logging-probe.v1"))
@WithTestResource(PostgresTestResource.class)
class LokiOutageTest {

    private static final Pattern FAILED = Pattern.compile(
            "(?m)^" + MetricNames.LOG_SHIPPING_FAILED_BATCHES + "(?:\\{[^}]*})? ([0-9.E]+)$");

    LokiPushReceiver loki;

    @Test
    void aHangingLokiDoesNotSlowRequestsItsFailedBatchesAreCountedAndShippingResumesAfterwards() {
        double failedBefore = failedBatches();
        loki.hang();
        long[] nanos = new long[31];
        try {
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                given().queryParam("marker", "outage-" + i).queryParam("tenant", "t").get("/probe/hello")
                        .then().statusCode(200);
                nanos[i] = System.nanoTime() - start;
            }
            // each request logs; if logging waited for Loki, every request would take at least the 1 s push timeout
            Arrays.sort(nanos);
            Duration median = Duration.ofNanos(nanos[nanos.length / 2]);
            assertTrue(median.compareTo(Duration.ofMillis(500)) < 0, "median request time " + median);
            await().atMost(Duration.ofSeconds(30)).until(() -> failedBatches() > failedBefore);
        } finally {
            loki.recover();
        }

        String marker = UUID.randomUUID().toString();
        given().queryParam("marker", marker).queryParam("tenant", "t").get("/probe/hello").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> loki.lines().stream()
                .anyMatch(l -> ("hello probe " + marker).equals(l.message())));
    }

    @Test
    void errorAnswersFromLokiAreCountedAsFailedBatches() {
        double failedBefore = failedBatches();
        loki.failWith(500);
        try {
            org.jboss.logging.Logger.getLogger("io.pivotreport.probe.outage").info("during a 500 outage");
            await().atMost(Duration.ofSeconds(30)).until(() -> failedBatches() > failedBefore);
            assertTrue(loki.refusedPushes() > 0);
        } finally {
            loki.recover();
        }
    }

    private static double failedBatches() {
        Matcher matcher = FAILED.matcher(MetricsEndpointTest.scrape());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
