package io.pivotreport.platform.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.pivotreport.platform.logging.testing.LokiPushReceiver;
import io.pivotreport.platform.logging.testing.LokiReceiverResource;
import io.pivotreport.platform.logging.testing.ShippedLine;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(LokiReceiverResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "pivot.logging-probe.v1"))
@WithTestResource(PostgresTestResource.class)
class LokiShippingTest {

    LokiPushReceiver loki;

    @Test
    void shipsJsonLinesWithTwoLabelsAndTheRestAsStructuredMetadata() {
        String marker = UUID.randomUUID().toString();
        String tenant = UUID.randomUUID().toString();
        Instant before = Instant.now();
        given().queryParam("marker", marker).queryParam("tenant", tenant).get("/probe/hello").then().statusCode(200);

        ShippedLine line = awaitLine(l -> ("hello probe " + marker).equals(l.message()));

        assertEquals(Map.of("service_name", "logging-probe", "env", "test"), line.labels());
        assertEquals("INFO", line.metadata().get("level"));
        assertEquals("io.pivotreport.platform.logging.app.ProbeResource", line.metadata().get("logger"));
        assertEquals(tenant, line.metadata().get("tenant"));
        assertTrue(line.traceId().matches("[0-9a-f]{32}"), "trace id of the HTTP request: " + line.metadata());
        assertTrue(line.metadata().get("span_id").matches("[0-9a-f]{16}"), "span id: " + line.metadata());
        assertEquals(java.util.Set.of("level", "logger", "tenant", "trace_id", "span_id"), line.metadata().keySet());

        JsonNode json = line.json();
        assertEquals("INFO", json.get("level").asText());
        assertEquals("io.pivotreport.platform.logging.app.ProbeResource", json.get("logger_name").asText());
        assertFalse(json.get("thread_name").asText().isEmpty());
        long nanos = Long.parseLong(line.timestampNanos());
        long epochNanosBefore = before.getEpochSecond() * 1_000_000_000L + before.getNano();
        assertTrue(nanos >= epochNanosBefore - 1_000_000_000L && nanos <= epochNanosBefore + 60_000_000_000L,
                "timestamp in epoch nanoseconds: " + nanos);
    }

    @Test
    void aLineWithoutTenantOrTraceCarriesNoEmptyMetadata() {
        String marker = UUID.randomUUID().toString();
        org.jboss.logging.Logger.getLogger("io.pivotreport.probe.background").infof("background probe %s", marker);

        ShippedLine line = awaitLine(l -> ("background probe " + marker).equals(l.message()));

        assertEquals(Map.of("level", "INFO", "logger", "io.pivotreport.probe.background"), line.metadata());
    }

    @Test
    void recordsBelowTheShippingLevelStayHome() {
        String marker = UUID.randomUUID().toString();
        given().queryParam("marker", marker).queryParam("tenant", "t").get("/probe/hello").then().statusCode(200);

        awaitLine(l -> ("hello probe " + marker).equals(l.message()));
        assertTrue(loki.lines().stream().noneMatch(l -> ("debug probe " + marker).equals(l.message())));
    }

    @Test
    void slf4jLoggingStillGoesThroughQuarkusAndGetsShipped() {
        String marker = UUID.randomUUID().toString();
        given().queryParam("marker", marker).get("/probe/slf4j").then().statusCode(200);

        ShippedLine line = awaitLine(l -> ("slf4j probe " + marker).equals(l.message()));

        assertEquals("WARN", line.metadata().get("level"));
        assertEquals("io.pivotreport.probe.slf4j", line.metadata().get("logger"));
    }

    @Test
    void logbacksSlf4jProviderIsHiddenFromTheApplicationByTheRemovedResourcesLine() throws Exception {
        List<java.net.URL> providers = java.util.Collections.list(Thread.currentThread().getContextClassLoader()
                .getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"));

        assertTrue(providers.stream().noneMatch(url -> url.toString().contains("logback-classic")), providers.toString());
        assertTrue(providers.stream().anyMatch(url -> url.toString().contains("slf4j-jboss-logmanager")),
                providers.toString());
    }

    @Test
    void exceptionsAreShippedAsStackTracesOfTheOriginalClass() {
        String marker = UUID.randomUUID().toString();
        org.jboss.logging.Logger.getLogger("io.pivotreport.probe.failure")
                .error("failure probe " + marker, new IllegalStateException("boom", new java.io.IOException("io down")));

        ShippedLine line = awaitLine(l -> ("failure probe " + marker).equals(l.message()));

        assertEquals("ERROR", line.metadata().get("level"));
        String stack = line.json().get("stack_trace").asText();
        assertTrue(stack.startsWith("java.lang.IllegalStateException: boom"), stack);
        assertTrue(stack.contains("Caused by: java.io.IOException: io down"), stack);
        assertTrue(stack.contains("at io.pivotreport.platform.logging.LokiShippingTest"), stack);
    }

    @Test
    void linesAreBatchedIntoFewPushes() {
        String marker = UUID.randomUUID().toString();
        org.jboss.logging.Logger log = org.jboss.logging.Logger.getLogger("io.pivotreport.probe.batch");
        int pushesBefore = loki.acceptedPushes();
        for (int i = 0; i < 50; i++) {
            log.infof("batch probe %s %d", marker, i);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> count("batch probe " + marker) == 50);
        assertTrue(loki.acceptedPushes() - pushesBefore < 50, "50 lines in fewer than 50 pushes");
        assertNull(loki.orgIds().stream().filter(id -> !id.isEmpty()).findAny().orElse(null),
                "no X-Scope-OrgID unless configured");
    }

    private long count(String prefix) {
        return loki.lines().stream().filter(l -> l.message() != null && l.message().startsWith(prefix)).count();
    }

    private ShippedLine awaitLine(java.util.function.Predicate<ShippedLine> predicate) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> loki.lines().stream().filter(predicate).findFirst(), java.util.Optional::isPresent)
                .get();
    }
}
