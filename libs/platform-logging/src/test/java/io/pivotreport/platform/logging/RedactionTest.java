package io.pivotreport.platform.logging;

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
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plants every kind of secret and private value in every path a log record has (message, parameter, MessageFormat
 * and JUL parameters, exception message with cause and suppressed, MDC including the shipped tenant key), then
 * sweeps the shipped Loki payloads and the console output: nothing may be found, the markers must be.
 */
@QuarkusTest
@WithTestResource(LokiReceiverResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "pivot.logging-probe.v1"))
@WithTestResource(PostgresTestResource.class)
class RedactionTest {

    LokiPushReceiver loki;

    @Test
    void noSecretOrPrivateValueReachesLokiOrTheConsoleThroughAnyPath() {
        String marker = UUID.randomUUID().toString();
        String console;
        try (ConsoleCapture capture = ConsoleCapture.start()) {
            given().contentType("text/plain").queryParam("marker", marker).body(SensitiveValues.ALL_IN_ONE)
                    .post("/probe/leak").then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> shippedWith(marker).size() == 6);
            await().atMost(Duration.ofSeconds(10)).until(() -> capture.text().contains("leak-mdc " + marker));
            console = capture.text();
        }

        List<ShippedLine> lines = shippedWith(marker);
        String payloads = String.join("\n", loki.payloads());
        assertEquals(List.of(), SensitiveValues.foundIn(payloads), "shipped payloads");
        assertEquals(List.of(), SensitiveValues.foundIn(console), "console");

        // the lines are still useful: context kept, markers where values were
        assertTrue(lines.stream().anyMatch(l -> l.message().contains("jwt=[REDACTED]&cv=1001")), lines.toString());
        assertTrue(console.contains("leak-param " + marker + " GET /installed?lic=active&jwt=[REDACTED]"), console);
        assertTrue(console.contains("leak-jul " + marker + " GET /installed"), console);
        ShippedLine failure = lines.stream().filter(l -> l.message().startsWith("leak-exception")).findFirst().orElseThrow();
        String stack = failure.json().get("stack_trace").asText();
        assertTrue(stack.startsWith("java.lang.IllegalStateException: failure says GET"), stack);
        assertTrue(stack.contains("Caused by: java.lang.IllegalArgumentException: cause says"), stack);
        assertTrue(stack.contains("Suppressed: java.lang.UnsupportedOperationException: suppressed says"), stack);
        assertTrue(console.contains("java.lang.IllegalStateException: failure says GET /installed"), console);
        ShippedLine mdc = lines.stream().filter(l -> l.message().startsWith("leak-mdc")).findFirst().orElseThrow();
        assertTrue(mdc.metadata().get("tenant").contains("[REDACTED"), mdc.metadata().toString());
    }

    @Test
    void theConsoleHandlerCarriesTheNamedRedactionFilterFromTheLibraryDefaults() {
        try (ConsoleCapture capture = ConsoleCapture.start()) {
            java.util.logging.LogRecord probe = new java.util.logging.LogRecord(java.util.logging.Level.INFO,
                    "direct to console " + SensitiveValues.EMAIL);
            // bypasses the root handler's filter: only the console's own (configured) filter can redact this
            capture.consoleFilter().isLoggable(probe);
            assertEquals("direct to console [REDACTED:email]", probe.getMessage());
        }
    }

    private List<ShippedLine> shippedWith(String marker) {
        return loki.lines().stream().filter(l -> l.message() != null && l.message().contains(marker)).toList();
    }
}
