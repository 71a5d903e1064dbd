package io.pivotreport.analytics.rest;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.analytics.support.AnalyticsTestResources;
import io.pivotreport.analytics.support.Database;
import io.pivotreport.analytics.support.Tokens;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.KafkaTestResource;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = AnalyticsTestResources.TOPICS))
@WithTestResource(value = InternalJwtTestResource.class)
class ServerMetricsIntakeTest {

    @Inject
    AgroalDataSource dataSource;

    Database db;
    String organisationId;
    LocalDate yesterday;

    @BeforeEach
    void setUp() {
        db = new Database(dataSource);
        organisationId = "B8G5-QRMB-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    }

    @Test
    void aReportIsStoredUnderTheKeyedHashAndTheRawOrganisationIdIsNowhere() throws Exception {
        asGateway().body(report(organisationId, yesterday, 42, "11-100")).when().post("/server-metrics")
                .then().statusCode(204);

        String expectedHash = hmac(organisationId);
        assertEquals(List.of(expectedHash), db.strings(
                "SELECT org_hash FROM server_metrics_report WHERE org_hash = ?", expectedHash));
        assertEquals(List.of("42"), db.strings(
                "SELECT reports_generated::text FROM server_metrics_report WHERE org_hash = ?", expectedHash));
        assertEquals(0, db.rowsContainingAnywhere(organisationId));
        assertEquals(0, db.rowsContainingAnywhere(organisationId.substring(10)));
    }

    @Test
    void aResentPeriodReplacesTheEarlierFiguresAndCaseDoesNotSplitAnOrganisation() throws Exception {
        asGateway().body(report(organisationId, yesterday, 5, "1-10")).when().post("/server-metrics")
                .then().statusCode(204);
        asGateway().body(report(organisationId.toLowerCase(Locale.ROOT), yesterday, 7, "1-10"))
                .when().post("/server-metrics").then().statusCode(204);

        assertEquals(List.of("7"), db.strings(
                "SELECT reports_generated::text FROM server_metrics_report WHERE org_hash = ?", hmac(organisationId)));
    }

    @Test
    void optingOutDeletesWhatWasStoredAndRefusesEveryLaterReport() throws Exception {
        String hash = hmac(organisationId);
        asGateway().body(report(organisationId, yesterday, 5, "1-10")).when().post("/server-metrics")
                .then().statusCode(204);
        asGateway().body(report(organisationId, yesterday.minusDays(1), 6, "1-10")).when().post("/server-metrics")
                .then().statusCode(204);
        assertEquals(2, db.count("SELECT count(*) FROM server_metrics_report WHERE org_hash = ?", hash));

        asGateway().body("{\"organisationId\":\"" + organisationId + "\",\"optedOut\":true}")
                .when().post("/server-metrics")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://pivotreport.io/problems/opted-out"));
        assertEquals(0, db.count("SELECT count(*) FROM server_metrics_report WHERE org_hash = ?", hash));
        assertEquals(1, db.count("SELECT count(*) FROM server_metrics_opt_out WHERE org_hash = ?", hash));

        asGateway().body(report(organisationId, yesterday, 9, "1-10")).when().post("/server-metrics")
                .then().statusCode(409).body("type", equalTo("https://pivotreport.io/problems/opted-out"));
        assertEquals(0, db.count("SELECT count(*) FROM server_metrics_report WHERE org_hash = ?", hash));
        assertEquals(0, db.rowsContainingAnywhere(organisationId));
    }

    @Test
    void theBodyIsStrictAndCannotCarryIndividualData() {
        String valid = report(organisationId, yesterday, 1, "1-10");
        assertRejected(valid.replace("\"optedOut\"", "\"adminEmail\":\"jane@example.com\",\"optedOut\""),
                "/adminEmail");
        assertRejected(valid.replace("\"reportsGenerated\":1", "\"reportsGenerated\":\"1\""),
                "/counts/reportsGenerated");
        assertRejected(valid.replace("\"1-10\"", "\"7\""), "/counts/activeUsersBucket");
        assertRejected(valid.replace("\"reportsGenerated\":1", "\"reportsGenerated\":-1"),
                "/counts/reportsGenerated");
        assertRejected(valid.replace(organisationId, "jane@example.com"), "/organisationId");
        assertRejected(valid.replace("\"period\":\"" + yesterday + "\"", "\"period\":\"" + yesterday.plusDays(5)
                + "\""), "/period");
        assertRejected("{\"organisationId\":\"" + organisationId + "\",\"optedOut\":false}", "/appVersion");
        assertEquals(0, db.rowsContainingAnywhere("jane@example.com"));
        assertEquals(0, db.rowsContainingAnywhere(organisationId));
    }

    @Test
    void onlyTheGatewayRoleMaySubmit() {
        String body = report(organisationId, yesterday, 1, "1-10");
        given().contentType("application/json").body(body).when().post("/server-metrics").then().statusCode(401);
        given().header("Authorization", Tokens.bearer(Tokens.withRole("app-user"))).contentType("application/json")
                .body(body).when().post("/server-metrics").then().statusCode(403);
        given().header("Authorization", Tokens.bearer(Tokens.withRole("support"))).contentType("application/json")
                .body(body).when().post("/server-metrics").then().statusCode(403);
        assertEquals(0, db.rowsContainingAnywhere(organisationId));
    }

    private void assertRejected(String body, String field) {
        asGateway().body(body).when().post("/server-metrics")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }

    private static RequestSpecification asGateway() {
        return given().header("Authorization", Tokens.bearer(Tokens.withRole("gateway")))
                .contentType("application/json");
    }

    private static String report(String organisationId, LocalDate period, int reportsGenerated, String bucket) {
        return "{\"organisationId\":\"" + organisationId + "\",\"appVersion\":\"1.4.2\",\"productVersion\":\"9.12.4\","
                + "\"optedOut\":false,\"period\":\"" + period + "\",\"counts\":{\"reportsGenerated\":"
                + reportsGenerated + ",\"savedReports\":3,\"activeUsersBucket\":\"" + bucket + "\"}}";
    }

    /** The expected hash, computed independently of the service's code. */
    private static String hmac(String organisationId) throws Exception {
        byte[] key = Base64.getDecoder().decode(ConfigProvider.getConfig()
                .getValue("pivot.analytics.org-hash-key", String.class));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(organisationId.toUpperCase(Locale.ROOT)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
