package io.pivotreport.test;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InternalTokensTest {

    private static JwtConsumer consumer(PublicKey key) {
        return new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setExpectedIssuer("pivot-gateway")
                .setExpectedAudience("license-service")
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .build();
    }

    @Test
    void pemFilesHoldTheKeyPairInStandardFormats() throws Exception {
        String privatePem = Files.readString(TestKeys.privateKeyPem());
        String publicPem = Files.readString(TestKeys.publicKeyPem());
        assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----\n"), privatePem);
        assertTrue(publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n"), publicPem);
        assertEquals(TestKeys.publicKey(), Pem.readRsaPublicKey(TestKeys.publicKeyPem()));
        assertEquals(TestKeys.privateKey(), Pem.readRsaPrivateKey(TestKeys.privateKeyPem()));
        assertEquals(2048, TestKeys.publicKey().getModulus().bitLength());
    }

    @Test
    void mintedTokenCarriesTheAgreedClaimsAndVerifiesWithThePublicPem() throws Exception {
        String token = InternalTokens.mint("pivot-gateway", "license-service", "tenant-1", "acc-42",
                Set.of("user", "admin"), Duration.ofSeconds(60));

        JwtClaims claims = consumer(Pem.readRsaPublicKey(TestKeys.publicKeyPem())).processToClaims(token);
        assertEquals("acc-42", claims.getSubject());
        assertEquals("acc-42", claims.getStringClaimValue("account"));
        assertEquals("tenant-1", claims.getStringClaimValue("tenant"));
        assertEquals(List.of("admin", "user"), claims.getStringListClaimValue("groups"));
        assertEquals(60, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertTrue(token.startsWith("eyJ"));
        assertNotEquals(claims.getJwtId(), consumer(TestKeys.publicKey()).processToClaims(
                InternalTokens.mint("pivot-gateway", "license-service", "t", "a", Set.of(), Duration.ofSeconds(60)))
                .getJwtId());
    }

    @Test
    void forgedExpiredAndMisaddressedTokensAreRejected() {
        JwtConsumer consumer = consumer(TestKeys.publicKey());
        String foreign = InternalTokens.mintWith(TestKeys.newRsaKeyPair().getPrivate(), "pivot-gateway",
                "license-service", "tenant-1", "acc", Set.of("user"), Duration.ofSeconds(60));
        String expired = InternalTokens.mint("pivot-gateway", "license-service", "tenant-1", "acc", Set.of("user"),
                Duration.ofSeconds(-120));
        String wrongAudience = InternalTokens.mint("pivot-gateway", "report-service", "tenant-1", "acc",
                Set.of("user"), Duration.ofSeconds(60));
        String wrongIssuer = InternalTokens.mint("someone", "license-service", "tenant-1", "acc", Set.of("user"),
                Duration.ofSeconds(60));

        assertThrows(InvalidJwtException.class, () -> consumer.process(foreign));
        assertThrows(InvalidJwtException.class, () -> consumer.process(expired));
        assertThrows(InvalidJwtException.class, () -> consumer.process(wrongAudience));
        assertThrows(InvalidJwtException.class, () -> consumer.process(wrongIssuer));
    }

    @Test
    void claimsCanBeTamperedForNegativeTests() throws Exception {
        JwtClaims claims = InternalTokens.claims("pivot-gateway", "license-service", null, "acc", Set.of("user"),
                Duration.ofSeconds(60));
        assertTrue(!claims.hasClaim("tenant"));
        String token = InternalTokens.sign(TestKeys.privateKey(), claims);
        assertEquals("acc", consumer(TestKeys.publicKey()).processToClaims(token).getSubject());
    }
}
