package io.pivotreport.license;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.license.support.MovableClock;
import io.pivotreport.license.support.TestTopics;
import io.pivotreport.test.RestartableKafkaResource;
import io.pivotreport.license.support.Sql;
import io.pivotreport.platform.security.Roles;
import io.pivotreport.test.InternalJwtTestResource;
import io.pivotreport.test.InternalTokens;
import io.pivotreport.test.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.pivotreport.license.support.Api.appUserToken;
import static io.pivotreport.license.support.Api.as;
import static io.pivotreport.license.support.Api.gatewayToken;
import static io.pivotreport.license.support.Api.install;
import static io.pivotreport.license.support.Api.newBaseUrl;
import static io.pivotreport.license.support.Api.newClientKey;
import static io.pivotreport.license.support.Api.newSecret;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(value = RestartableKafkaResource.class,
        initArgs = @ResourceArg(name = RestartableKafkaResource.TOPICS, value = TestTopics.ALL))
@WithTestResource(InternalJwtTestResource.class)
class LicenseCheckTest {

    @Inject
    AgroalDataSource ds;

    @Inject
    MovableClock clock;

    private UUID newTenant() {
        return install(newClientKey(), newBaseUrl(), newSecret(), clock.instant().getEpochSecond());
    }

    private static ValidatableResponse check(UUID tenant, String lic, String source) {
        return as(gatewayToken(tenant)).body(Map.of("lic", lic, "source", source)).post("/internal/license-checks")
                .then();
    }

    private List<Map<String, Object>> checks(UUID tenant) {
        return Sql.rows(ds, "SELECT detail->>'status' AS status, detail->>'source' AS source FROM account_history "
                + "WHERE tenant_id = ? AND kind = 'license-check' ORDER BY id", tenant);
    }

    @Test
    void aLicenceCheckIsStoredAndShownToTheTenantsUsers() {
        UUID tenant = newTenant();
        as(appUserToken(tenant)).get("/internal/license").then().statusCode(200)
                .body("tenantId", equalTo(tenant.toString()))
                .body("state", equalTo("installed"))
                .body("license.status", equalTo("unknown"))
                .body("license.checkedAt", nullValue());

        Instant before = clock.instant();
        check(tenant, "active", "page").statusCode(204);

        String checkedAt = as(appUserToken(tenant)).get("/internal/license").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("license.status", equalTo("active"))
                .extract().path("license.checkedAt");
        assertFalse(Instant.parse(checkedAt).isBefore(before.minusSeconds(1)));
    }

    @Test
    void anUnchangedStatusIsRecordedOncePerIntervalAndEveryChangeIsRecorded() {
        UUID tenant = newTenant();
        check(tenant, "active", "page").statusCode(204);
        check(tenant, "active", "page").statusCode(204);
        check(tenant, "none", "rest").statusCode(204);
        assertEquals(List.of(Map.of("status", "active", "source", "page"), Map.of("status", "none", "source", "rest")),
                checks(tenant));

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        check(tenant, "none", "rest").statusCode(204);
        assertEquals(3, checks(tenant).size());
    }

    @Test
    void theTenantComesFromTheTokenOnly() {
        UUID mine = newTenant();
        UUID other = newTenant();
        check(mine, "active", "page").statusCode(204);
        as(appUserToken(other)).get("/internal/license").then().statusCode(200)
                .body("tenantId", equalTo(other.toString()))
                .body("license.status", equalTo("unknown"));
        assertTrue(checks(other).isEmpty());
    }

    @Test
    void aTokenWithoutATenantCannotRecordACheck() {
        String noTenant = io.pivotreport.license.support.Api.token(InternalTokens.GATEWAY_ISSUER, "license-service", null, null,
                Set.of(Roles.GATEWAY), Duration.ofSeconds(60));
        as(noTenant).body(Map.of("lic", "active", "source", "page")).post("/internal/license-checks").then()
                .statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anUnknownTenantIsNotFound() {
        check(UUID.randomUUID(), "active", "page").statusCode(404).contentType("application/problem+json");
        as(appUserToken(UUID.randomUUID())).get("/internal/license").then().statusCode(404);
    }

    @Test
    void aStatusThatIsNotAStatusWordIsRejected() {
        UUID tenant = newTenant();
        check(tenant, "Jane Doe <jane@example.com>", "page").statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("/lic"));
        check(tenant, "active", "cookie").statusCode(400).contentType("application/problem+json");
        assertTrue(checks(tenant).isEmpty());
    }
}
