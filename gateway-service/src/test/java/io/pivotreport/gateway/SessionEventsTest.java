package io.pivotreport.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.SessionEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.gateway.support.Gateway;
import io.pivotreport.gateway.support.GatewayTestEnvironment;
import io.pivotreport.gateway.support.RawHttp;
import io.pivotreport.gateway.support.TestTenant;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/events}: 202 only after the real broker acknowledged, 503 when it cannot. */
@GatewayTest
class SessionEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The REST layer's mapper, as platform-service's customizer leaves it. */
    @jakarta.inject.Inject
    ObjectMapper restMapper;

    record Counted(Integer issues) {
    }

    private static RequestSpecification as(TestTenant tenant) {
        return given().header("Authorization", "JWT " + tenant.contextToken()).contentType(ContentType.JSON);
    }

    static Map<String, Object> event(UUID id) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", id.toString());
        event.put("type", "report_generated");
        event.put("occurredAt", Instant.now().minusSeconds(5).toString());
        event.put("source", Map.of("type", "project", "ids", List.of("PIV", "10001")));
        event.put("counts", Map.of("issues", 120, "rows", 8, "columns", 3));
        event.put("timings", Map.of("totalMs", 480, "fetchMs", 300, "renderMs", 180));
        event.put("appVersion", "1.4.2");
        event.put("browserFamily", "firefox");
        return event;
    }

    @Test
    void acceptedEventsAreOnTheTopicKeyedByTenantAfterTheAck() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        String tenantId = as(tenant).get("/api/license").then().statusCode(200).extract().path("tenantId");
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        as(tenant).body(Map.of("events", ids.stream().map(SessionEventsTest::event).toList()))
                .post("/api/events").then()
                .statusCode(202)
                .body("accepted", equalTo(3));

        Map<UUID, ConsumerRecord<String, String>> found = consume(ids.stream().collect(Collectors.toSet()));
        for (UUID id : ids) {
            ConsumerRecord<String, String> record = found.get(id);
            assertEquals(tenantId, record.key(), "keyed by tenant");
            SessionEvent event = readEvent(record.value());
            assertEquals(tenantId, event.tenantId(), "the tenant comes from the token");
            assertEquals(SessionEvent.EventType.REPORT_GENERATED, event.type());
            assertEquals(List.of("PIV", "10001"), event.source().ids());
        }
    }

    @Test
    void invalidEventRefusesTheBatchWithTheFieldPath() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(event(UUID.randomUUID()));
        }
        events.get(3).put("source", Map.of("type", "project", "ids", List.of("PIV", "jane.doe@example.com")));

        as(tenant).body(Map.of("events", events)).post("/api/events").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("/events/3/source/ids/1"));
    }

    @Test
    void emptyOrBlankStringForACountIsAValidationProblemAtItsField() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        for (String blank : List.of("", " ")) {
            Map<String, Object> event = event(UUID.randomUUID());
            event.put("counts", Map.of("issues", blank));
            as(tenant).body(Map.of("events", List.of(event))).post("/api/events").then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("/events/0/counts/issues"));
        }
        Map<String, Object> emptyEnum = event(UUID.randomUUID());
        emptyEnum.put("browserFamily", "");
        as(tenant).body(Map.of("events", List.of(event(UUID.randomUUID()), emptyEnum))).post("/api/events").then()
                .statusCode(400)
                .body("errors.field", hasItem("/events/1/browserFamily"));
    }

    @Test
    void restLayerMapperRefusesEmptyStringsForNumbersAndUnknownFields() throws Exception {
        org.junit.jupiter.api.Assertions.assertThrows(
                com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
                () -> restMapper.readValue("{\"issues\":\"\"}", Counted.class));
        org.junit.jupiter.api.Assertions.assertThrows(
                com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class,
                () -> restMapper.readValue("{\"issues\":1,\"summary\":\"x\"}", Counted.class));
        assertEquals(null, restMapper.readValue("{\"issues\":null}", Counted.class).issues());
    }

    @Test
    void eventsWithoutJsonContentTypeAreUnsupportedMediaType() throws Exception {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        String body = JSON.writeValueAsString(Map.of("events", List.of(event(UUID.randomUUID()))));
        java.net.http.HttpResponse<String> none = RawHttp.send("POST", "/api/events",
                Map.of("Authorization", "JWT " + tenant.contextToken()), body);
        assertEquals(415, none.statusCode());
        assertTrue(none.body().contains("/problems/unsupported-media-type"), none.body());
        java.net.http.HttpResponse<String> any = RawHttp.send("POST", "/api/events",
                Map.of("Authorization", "JWT " + tenant.contextToken(), "Content-Type", "*/*"), body);
        assertEquals(415, any.statusCode());
    }

    @Test
    void privateDataHasNowhereToGo() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        Map<String, Object> withSummary = event(UUID.randomUUID());
        withSummary.put("summary", "Fix the login of Jane Doe");
        as(tenant).body(Map.of("events", List.of(withSummary))).post("/api/events").then()
                .statusCode(400)
                .body("errors.field", hasItem("/events/0/summary"));
    }

    @Test
    void batchLimitsAreEnforced() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(event(UUID.randomUUID()));
        }
        as(tenant).body(Map.of("events", tooMany)).post("/api/events").then()
                .statusCode(400).body("errors.field", hasItem("/events"));
        as(tenant).body(Map.of("events", List.of())).post("/api/events").then().statusCode(400);
        String oneEvent;
        try {
            oneEvent = JSON.writeValueAsString(event(UUID.randomUUID()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // over the batch limit of 256 KiB (white space is valid JSON), under the HTTP layer's 300 KiB
        as(tenant).body("{\"events\":[" + oneEvent + " ".repeat(270_000) + "]}").post("/api/events").then()
                .statusCode(413).contentType("application/problem+json");
        // over the HTTP layer's limit
        as(tenant).body("{\"events\":[" + oneEvent + " ".repeat(400_000) + "]}").post("/api/events").then()
                .statusCode(413);
    }

    @Test
    void brokerDownAnswers503WithRetryAfterAndAcceptsAgainOnceItIsBack() {
        TestTenant tenant = Gateway.installLicensed(TestTenant.random());
        GatewayTestEnvironment.Environment env = GatewayTestEnvironment.current();
        env.kafka().close();
        try {
            long started = System.nanoTime();
            Response down = as(tenant).body(Map.of("events", List.of(event(UUID.randomUUID()))))
                    .post("/api/events");
            long millis = (System.nanoTime() - started) / 1_000_000;
            down.then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
            assertTrue(millis < 15_000, "bounded wait, took " + millis + " ms");
        } finally {
            GatewayTestEnvironment.withKafkaClassLoader(env.kafka()::start);
        }
        UUID afterRestart = UUID.randomUUID();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                as(tenant).body(Map.of("events", List.of(event(afterRestart)))).post("/api/events")
                        .statusCode() == 202);
        assertTrue(consume(Set.of(afterRestart)).containsKey(afterRestart));
    }

    private static SessionEvent readEvent(String json) {
        try {
            return EventJson.mapper().readValue(json, SessionEvent.class);
        } catch (Exception e) {
            throw new AssertionError("not a SessionEvent: " + e.getMessage());
        }
    }

    /** Reads the real topic from the beginning until every wanted event id was seen. */
    private static Map<UUID, ConsumerRecord<String, String>> consume(Set<UUID> wanted) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                GatewayTestEnvironment.current().kafka().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        Map<UUID, ConsumerRecord<String, String>> found = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.SESSION_EVENTS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode id = JSON.readTree(record.value()).get("eventId");
                    UUID eventId = id == null ? null : UUID.fromString(id.asText());
                    if (wanted.contains(eventId)) {
                        found.put(eventId, record);
                    }
                }
                return found.keySet().containsAll(wanted);
            });
        }
        return found;
    }
}
