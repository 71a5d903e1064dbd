package io.pivotreport.gateway;

import io.pivotreport.gateway.internal.InternalTokenMinter;
import io.pivotreport.gateway.internal.PrivateService;
import io.pivotreport.test.TestKeys;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The internal tokens the gateway mints, checked the way a private service checks them. */
@GatewayTest
class InternalTokenTest {

    @Inject
    InternalTokenMinter minter;

    private static JwtClaims verified(String token, String audience) throws Exception {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(TestKeys.publicKey())
                .setExpectedIssuer("pivot-gateway")
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .build();
        return consumer.processToClaims(token);
    }

    @Test
    void userTokenIsRs256ForOneServiceAndLivesAtMostAMinute() throws Exception {
        String token = minter.forUser(PrivateService.REPORT, "tenant-1", "557058:alice");
        JwtClaims claims = verified(token, "report-service");
        assertEquals(List.of("report-service"), claims.getAudience());
        assertEquals("tenant-1", claims.getStringClaimValue("tenant"));
        assertEquals("557058:alice", claims.getStringClaimValue("account"));
        assertEquals("557058:alice", claims.getSubject());
        assertEquals(List.of("app-user"), claims.getStringListClaimValue("groups"));
        long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        assertTrue(lifetime > 0 && lifetime <= 60, "lifetime " + lifetime);
        assertTrue(token.startsWith("eyJ"), "compact JWS");
        assertEquals("RS256", new org.jose4j.jws.JsonWebSignature() {{
            setCompactSerialization(token);
        }}.getAlgorithmHeaderValue());
    }

    @Test
    void gatewayTokenCarriesTheGatewayRoleAndNoUser() throws Exception {
        JwtClaims claims = verified(minter.forGateway(PrivateService.LICENSE, null), "license-service");
        assertEquals(List.of("gateway"), claims.getStringListClaimValue("groups"));
        assertEquals("gateway", claims.getSubject());
        assertEquals(null, claims.getClaimValue("account"));
        assertNotEquals(claims.getJwtId(), verified(minter.forGateway(PrivateService.LICENSE, null), "license-service")
                .getJwtId(), "one token per call");
    }
}
