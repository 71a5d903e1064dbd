package io.pivotreport.analytics.rest;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.analytics.support.AnalyticsTestResources;
import io.pivotreport.analytics.support.Database;
import io.pivotreport.analytics.support.Events;
import io.pivotreport.analytics.support.KafkaClients;
import io.pivotreport.analytics.support.Tokens;
import io.pivotreport.events.SessionEvent;
import io.pivotreport.events.SessionEvent.EventType;
import io.pivotreport.events.Topics;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.pivotreport.test.TestKeys;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = AnalyticsTestResources.TOPICS))
@WithTestResource(value = InternalJwtTestResource.class)
class SupportAggregatesTest {

    private static final String REASON = "HOT-7 report performance check";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void dailyAggregatesGiveCountsNearestRankPercentilesAndFailuresForKnownInputs() {
        String tenant = Events.newTenant("support");
        String otherTenant = Events.newTenant("support-other");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate dayOne = today.minusDays(2);
        LocalDate dayTwo = today.minusDays(1);
        Instant dayOneNoon = dayOne.atTime(12, 0).toInstant(ZoneOffset.UTC);
        Instant dayTwoStart = dayTwo.atStartOfDay().toInstant(ZoneOffset.UTC);

        List<SessionEvent> events = new ArrayList<>();
        // day one: 20 timed reports of 100..2000 ms in shuffled order, one untimed report, 3 failures, 2 exports
        for (int i : new int[] {7, 1, 20, 13, 2, 19, 8, 14, 3, 9, 15, 4, 18, 10, 5, 16, 11, 6, 17, 12}) {
            events.add(Events.generated(tenant, dayOneNoon.plusSeconds(i), i * 100));
        }
        events.add(Events.generated(tenant, dayOneNoon, null));
        for (int i = 0; i < 3; i++) {
            events.add(Events.of(tenant, EventType.REPORT_FAILED, dayOneNoon.plusSeconds(60 + i)));
        }
        events.add(Events.of(tenant, EventType.REPORT_EXPORTED, dayOneNoon));
        events.add(Events.of(tenant, EventType.REPORT_EXPORTED, dayOneNoon));
        // the last millisecond of day one and the first instant of day two fall on their own days
        events.add(Events.generated(tenant, dayTwoStart.minusMillis(1), 50));
        events.add(Events.generated(tenant, dayTwoStart, 700));
        events.add(Events.of(tenant, EventType.REPORT_FAILED, dayTwoStart));
        // another tenant's events never count
        events.add(Events.generated(otherTenant, dayOneNoon, 99_000));
        events.add(Events.of(otherTenant, EventType.REPORT_FAILED, dayOneNoon));
        KafkaClients.produce(Topics.SESSION_EVENTS, events.stream().map(Events::record).toList());
        Database db = new Database(dataSource);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.sessionRows(tenant) == events.size() - 2
                && db.sessionRows(otherTenant) == 2);

        // day one timed values: 50, 100..2000 (21 values); nearest rank p50 = 11th = 1000, p95 = ceil(19.95) = 20th = 1900
        given().header("Authorization", Tokens.bearer(Tokens.support(tenant, "eng-ada", REASON, "PRS-1234")))
                .queryParam("from", dayOne.minusDays(1).toString()).queryParam("to", dayTwo.toString())
                .when().get("/support/tenants/{tenantId}/daily", tenant)
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tenantId", equalTo(tenant))
                .body("timeZone", equalTo("UTC"))
                .body("days", hasSize(3))
                .body("days[0].date", equalTo(dayOne.minusDays(1).toString()))
                .body("days[0].reportsGenerated", equalTo(0))
                .body("days[0].generationP50Ms", nullValue())
                .body("days[0].failures", equalTo(0))
                .body("days[1].date", equalTo(dayOne.toString()))
                .body("days[1].reportsGenerated", equalTo(22))
                .body("days[1].generationP50Ms", equalTo(1000))
                .body("days[1].generationP95Ms", equalTo(1900))
                .body("days[1].failures", equalTo(3))
                .body("days[2].date", equalTo(dayTwo.toString()))
                .body("days[2].reportsGenerated", equalTo(1))
                .body("days[2].generationP50Ms", equalTo(700))
                .body("days[2].generationP95Ms", equalTo(700))
                .body("days[2].failures", equalTo(1));
    }

    @Test
    void theSupportRouteNeedsTheSupportRoleOnAnInternalTokenForThisService() {
        String path = "/support/tenants/t-1/daily?from=2026-01-01&to=2026-01-02";
        given().when().get(path).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().header("Authorization", Tokens.bearer(Tokens.withRole("app-user"))).when().get(path)
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer(Tokens.withRole("gateway"))).when().get(path)
                .then().statusCode(403);
        given().header("Authorization", Tokens.bearer(Tokens.mint(TestKeys.privateKey(), "report-service",
                "support", Duration.ofSeconds(60)))).when().get(path)
                .then().statusCode(403).body("type", equalTo("https://pivotreport.io/problems/wrong-audience"));
        given().header("Authorization", Tokens.bearer(Tokens.mint(TestKeys.newRsaKeyPair().getPrivate(),
                Tokens.AUDIENCE, "support", Duration.ofSeconds(60)))).when().get(path)
                .then().statusCode(401);
        given().header("Authorization", Tokens.bearer(Tokens.mint(TestKeys.privateKey(), Tokens.AUDIENCE,
                "support", Duration.ofSeconds(-120)))).when().get(path)
                .then().statusCode(401);
    }

    @Test
    void badQueriesAreValidationProblemsThatNameTheParameter() {
        Map<String, Map<String, String>> cases = Map.of(
                "from", Map.of("to", "2026-01-02"),
                "to", Map.of("from", "2026-01-05", "to", "2026-01-02"));
        cases.forEach((field, params) -> given().header("Authorization",
                        Tokens.bearer(Tokens.support("t-1", "eng-ada", REASON, null))).queryParams(params)
                .when().get("/support/tenants/t-1/daily")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)));
        given().header("Authorization", Tokens.bearer(Tokens.support("t-1", "eng-ada", REASON, null)))
                .queryParam("from", "2026-02-30").queryParam("to", "2026-03-01")
                .when().get("/support/tenants/t-1/daily")
                .then().statusCode(400).body("errors[0].field", equalTo("from"))
                .body("errors[0].message", equalTo("must be a date YYYY-MM-DD"));
        given().header("Authorization", Tokens.bearer(Tokens.support("t-1", "eng-ada", REASON, null)))
                .queryParam("from", "2026-01-01").queryParam("to", "2026-03-01")
                .when().get("/support/tenants/t-1/daily")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().header("Authorization", Tokens.bearer(Tokens.support("t-1", "eng-ada", REASON, null)))
                .queryParam("from", "2026-01-01").queryParam("to", "2026-01-01")
                .when().get("/support/tenants/{tenantId}/daily", "bad tenant!")
                .then().statusCode(400).body("errors[0].field", equalTo("tenantId"));
    }
}
