package io.pivotreport.gateway.internal;

import io.pivotreport.gateway.GatewayTest;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.security.SupportCaller;
import io.pivotreport.gateway.service.SupportGateway;
import io.pivotreport.gateway.support.SupportStandIn;
import io.pivotreport.test.TestKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Where each support route goes and with which internal token, for license-service and report-service too: the
 * gateway's own {@link SupportGateway} and token minter, pointed at a recording stand-in for every private service.
 */
@GatewayTest
class SupportForwardingTest {

    @Inject
    InternalTokenMinter minter;

    @Inject
    GatewayConfig config;

    private Vertx vertx;
    private SupportStandIn standIn;
    private SupportGateway gateway;

    @BeforeEach
    void pointEveryServiceAtTheStandIn() {
        vertx = Vertx.vertx();
        standIn = new SupportStandIn();
        Map<PrivateService, URI> urls = new EnumMap<>(PrivateService.class);
        for (PrivateService service : PrivateService.values()) {
            urls.put(service, standIn.baseUrl());
        }
        gateway = new SupportGateway(new PrivateServiceClient(vertx, urls, Duration.ofSeconds(1),
                Duration.ofSeconds(5), 5), minter, config);
    }

    @AfterEach
    void stop() {
        standIn.close();
        vertx.closeAndAwait();
    }

    @Test
    void eachRouteReachesItsServiceWithATokenForThatServiceOnly() throws Exception {
        String tenant = UUID.randomUUID().toString();
        SupportGateway.SupportRequest request = SupportGateway.request(new SupportCaller("eng-42", Instant.now()),
                tenant, "Licence shows inactive after renewal", "PRS-77");
        record Case(Function<SupportGateway, Uni<Response>> call, String path, String query, String audience) {
        }
        List<Case> cases = List.of(
                new Case(g -> g.license(request), "/support/tenant", null, "license-service"),
                new Case(g -> g.reports(request, 2, 50), "/support/reports", "page=2&size=50", "report-service"),
                new Case(g -> g.report(request, "rep-1"), "/support/reports/rep-1", null, "report-service"),
                new Case(g -> g.analyticsDaily(request, "2026-11-01", null),
                        "/support/tenants/" + tenant + "/daily", "from=2026-11-01", "analytics-service"));
        for (Case c : cases) {
            Response answer = c.call().apply(gateway).await().atMost(Duration.ofSeconds(10));
            assertEquals(200, answer.getStatus(), c.path());
            SupportStandIn.Received received = standIn.last(c.path());
            assertNotNull(received, c.path());
            assertEquals(c.path(), received.path());
            assertEquals(c.query(), received.query(), c.path());
            JwtClaims claims = new JwtConsumerBuilder()
                    .setVerificationKey(TestKeys.publicKey())
                    .setExpectedIssuer("pivot-gateway")
                    .setExpectedAudience(c.audience())
                    .build()
                    .processToClaims(received.authorization().get(0).substring("Bearer ".length()));
            assertEquals(List.of("support"), claims.getStringListClaimValue("groups"), c.path());
            assertEquals(tenant, claims.getClaimValueAsString("tenant"));
            assertEquals("eng-42", claims.getSubject());
            assertEquals("Licence shows inactive after renewal", claims.getClaimValueAsString("support_reason"));
            assertEquals("PRS-77", claims.getClaimValueAsString("support_ticket"));
            assertFalse(claims.hasClaim("account"));
        }
    }
}
