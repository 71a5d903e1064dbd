package io.pivotreport.platform.logging;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.pivotreport.platform.logging.testing.LokiPushReceiver;
import io.pivotreport.platform.logging.testing.LokiReceiverResource;
import io.pivotreport.platform.logging.testing.ShippedLine;
import io.pivotreport.platform.logging.testing.TraceContinuity;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP request → Kafka record → consumer keeps one trace id, in the spans and in the shipped log metadata. */
@QuarkusTest
@WithTestResource(LokiReceiverResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "pivot.logging-probe.v1"))
@WithTestResource(PostgresTestResource.class)
class TraceContinuityTest {

    LokiPushReceiver loki;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theConsumersLogLineCarriesTheTraceIdOfTheHttpRequestThatProducedTheRecord() {
        String marker = UUID.randomUUID().toString();
        given().queryParam("marker", marker).post("/probe/relay").then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> loki.lines().stream()
                .anyMatch(l -> ("relay consumed " + marker).equals(l.message())));

        List<ShippedLine> lines = loki.lines();
        String trace = TraceContinuity.traceIdOf(lines, l -> ("relay sending " + marker).equals(l.message()));
        assertEquals(trace, TraceContinuity.traceIdOf(lines, l -> ("relay consumed " + marker).equals(l.message())));
        String sendingSpan = lines.stream().filter(l -> ("relay sending " + marker).equals(l.message())).findFirst()
                .orElseThrow().metadata().get("span_id");
        String consumingSpan = lines.stream().filter(l -> ("relay consumed " + marker).equals(l.message())).findFirst()
                .orElseThrow().metadata().get("span_id");
        assertTrue(!sendingSpan.equals(consumingSpan), "the consumer works in its own span of the same trace");
        TraceContinuity.assertServicesLoggedTrace(lines, trace, "logging-probe");

        await().atMost(Duration.ofSeconds(30)).until(() -> kinds(trace).containsAll(
                Set.of(SpanKind.SERVER, SpanKind.PRODUCER, SpanKind.CONSUMER)));
    }

    private Set<SpanKind> kinds(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                .map(SpanData::getKind).collect(Collectors.toSet());
    }
}
