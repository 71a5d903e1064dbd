package io.pivotreport.gateway.internal;

import io.pivotreport.gateway.GatewayTest;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.support.MovableClock;
import io.pivotreport.test.TestKeys;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reuse of user tokens by {@link InternalTokenMinter}: only for identical claims, only during the first half of the
 * lifetime, never for support or gateway tokens, and in a bounded table. A minter of its own with a clock the test
 * moves; the application's signing key and configuration.
 */
@GatewayTest
class InternalTokenReuseTest {

    private static final String TENANT = "0b8f5a52-7a39-4d0e-9f43-1b2f8c1d7e01";
    private static final String OTHER_TENANT = "5d1c2e7a-3f4b-4c6d-8e9f-a0b1c2d3e4f5";
    private static final String ALICE = "557058:alice";
    private static final String BOB = "557058:bob";

    @Inject
    GatewayConfig config;

    private MovableClock clock;
    private InternalTokenMinter minter;

    @BeforeEach
    void freshMinter() {
        clock = new MovableClock(Instant.now());
        minter = new InternalTokenMinter(config, clock, 3);
    }

    private JwtClaims verified(String token, String audience) throws Exception {
        return new JwtConsumerBuilder()
                .setVerificationKey(TestKeys.publicKey())
                .setExpectedIssuer("pivot-gateway")
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
                .build()
                .processToClaims(token);
    }

    @Test
    void sameServiceTenantAndAccountGetTheSameTokenWithinHalfTheLifetime() throws Exception {
        String first = minter.forUser(PrivateService.REPORT, TENANT, ALICE);
        clock.advance(config.internalToken().lifetime().dividedBy(2).minusSeconds(1));
        String later = minter.forUser(PrivateService.REPORT, TENANT, ALICE);

        assertEquals(first, later);
        JwtClaims claims = verified(later, "report-service");
        assertEquals(TENANT, claims.getStringClaimValue("tenant"));
        assertEquals(ALICE, claims.getStringClaimValue("account"));
        assertEquals(List.of("app-user"), claims.getStringListClaimValue("groups"));
        long left = claims.getExpirationTime().getValue() - clock.instant().getEpochSecond();
        assertTrue(left >= config.internalToken().lifetime().toSeconds() / 2, "seconds left when reused: " + left);
    }

    @Test
    void anotherTenantAccountOrServiceNeverGetsAnothersToken() throws Exception {
        minter = new InternalTokenMinter(config, clock, 10); // room for all four, so each is kept and asked again
        String alice = minter.forUser(PrivateService.REPORT, TENANT, ALICE);
        String bob = minter.forUser(PrivateService.REPORT, TENANT, BOB);
        String aliceElsewhere = minter.forUser(PrivateService.REPORT, OTHER_TENANT, ALICE);
        String aliceAtLicense = minter.forUser(PrivateService.LICENSE, TENANT, ALICE);

        assertEquals(4, Set.of(alice, bob, aliceElsewhere, aliceAtLicense).size());
        assertEquals(BOB, verified(bob, "report-service").getStringClaimValue("account"));
        assertEquals(TENANT, verified(bob, "report-service").getStringClaimValue("tenant"));
        assertEquals(OTHER_TENANT, verified(aliceElsewhere, "report-service").getStringClaimValue("tenant"));
        assertEquals(ALICE, verified(aliceElsewhere, "report-service").getStringClaimValue("account"));
        assertEquals(List.of("license-service"), verified(aliceAtLicense, "license-service").getAudience());
        // asked again, each still gets exactly its own
        assertEquals(bob, minter.forUser(PrivateService.REPORT, TENANT, BOB));
        assertEquals(aliceElsewhere, minter.forUser(PrivateService.REPORT, OTHER_TENANT, ALICE));
        assertEquals(aliceAtLicense, minter.forUser(PrivateService.LICENSE, TENANT, ALICE));
        assertEquals(alice, minter.forUser(PrivateService.REPORT, TENANT, ALICE));
    }

    @Test
    void halfTheLifetimeLaterANewTokenIsMinted() throws Exception {
        String first = minter.forUser(PrivateService.REPORT, TENANT, ALICE);
        clock.advance(config.internalToken().lifetime().dividedBy(2));
        String refreshed = minter.forUser(PrivateService.REPORT, TENANT, ALICE);

        assertNotEquals(first, refreshed);
        JwtClaims claims = verified(refreshed, "report-service");
        assertEquals(clock.instant().getEpochSecond(), claims.getIssuedAt().getValue());
        assertNotEquals(verified(refreshed, "report-service").getJwtId(), claims(first).getJwtId());
        assertEquals(refreshed, minter.forUser(PrivateService.REPORT, TENANT, ALICE));
    }

    @Test
    void aClockThatWentBackNeverReusesATokenFromTheFuture() {
        String first = minter.forUser(PrivateService.REPORT, TENANT, ALICE);
        clock.advance(Duration.ofSeconds(-5));

        assertNotEquals(first, minter.forUser(PrivateService.REPORT, TENANT, ALICE));
    }

    @Test
    void supportAndGatewayTokensAreMintedForEveryCall() throws Exception {
        String reason = "PRS-1234 customer cannot open saved report";
        String support = minter.forSupport(PrivateService.REPORT, TENANT, "eng-1", reason, "PRS-1234");
        String supportAgain = minter.forSupport(PrivateService.REPORT, TENANT, "eng-1", reason, "PRS-1234");
        String gateway = minter.forGateway(PrivateService.LICENSE, TENANT);
        String gatewayAgain = minter.forGateway(PrivateService.LICENSE, TENANT);

        assertNotEquals(verified(support, "report-service").getJwtId(),
                verified(supportAgain, "report-service").getJwtId());
        assertNotEquals(verified(gateway, "license-service").getJwtId(),
                verified(gatewayAgain, "license-service").getJwtId());
        assertEquals(0, minter.reusableCount(), "support and gateway tokens are never kept");
    }

    @Test
    void theTableOfReusableTokensNeverExceedsItsBound() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            tokens.add(minter.forUser(PrivateService.REPORT, TENANT, "557058:user-" + i));
            assertTrue(minter.reusableCount() <= 3, "kept " + minter.reusableCount());
        }
        assertEquals(10, tokens.size());
        // the latest one is still reused after the table overflowed
        String last = minter.forUser(PrivateService.REPORT, TENANT, "557058:user-9");
        assertTrue(tokens.contains(last));
        assertTrue(minter.reusableCount() >= 1 && minter.reusableCount() <= 3);
    }

    @Test
    void expiredEntriesMakeRoomBeforeLiveOnesAreDropped() {
        minter.forUser(PrivateService.REPORT, TENANT, "557058:old-1");
        minter.forUser(PrivateService.REPORT, TENANT, "557058:old-2");
        clock.advance(config.internalToken().lifetime());
        String live = minter.forUser(PrivateService.REPORT, TENANT, ALICE);
        minter.forUser(PrivateService.REPORT, TENANT, BOB);

        assertEquals(2, minter.reusableCount(), "the two expired tokens were dropped, the live one kept");
        assertEquals(live, minter.forUser(PrivateService.REPORT, TENANT, ALICE));
    }

    private static JwtClaims claims(String token) throws Exception {
        return new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                .setSkipSignatureVerification().build().processToClaims(token);
    }
}
