package io.pivotreport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWKS caching, rotation and the refetch rate limit, counted at a loopback server. */
class HttpForgeJwksProviderTest {
    private static final String PATH = "/.well-known/jwks.json";

    private final MutableClock clock = MutableClock.at(Fixtures.NOW);
    private KeyServer server;
    private HttpForgeJwksProvider provider;
    private ForgeInvocationVerifier verifier;

    @BeforeEach
    void start() throws IOException {
        server = new KeyServer().answer(PATH, 200, TestTokens.jwks(Map.of("k1", TestKeys.FORGE.getPublic())));
        provider = new HttpForgeJwksProvider(server.url(PATH), Duration.ofSeconds(2), Duration.ofSeconds(5), clock);
        verifier = new ForgeInvocationVerifier(Fixtures.settings().build(), provider, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void rotateTo(String kid) {
        server.answer(PATH, 200, TestTokens.jwks(Map.of(
                "k1", TestKeys.FORGE.getPublic(), kid, TestKeys.FORGE_ROTATED.getPublic())));
    }

    private VerifiedForgeToken verifySignedWith(String kid) throws AuthException {
        Map<String, Object> claims = Fixtures.forgeClaims();
        claims.put("iat", clock.epochSecond());
        claims.put("nbf", clock.epochSecond());
        claims.put("exp", clock.epochSecond() + 60);
        var key = "k1".equals(kid) ? TestKeys.FORGE.getPrivate() : TestKeys.FORGE_ROTATED.getPrivate();
        return verifier.verify(IncomingRequest.of("GET", "/app/forge", null,
                "Bearer " + TestTokens.rs256(claims, key, kid)));
    }

    @Test
    void jwksIsFetchedOnceAndCached() throws AuthException {
        verifySignedWith("k1");
        verifySignedWith("k1");
        verifySignedWith("k1");
        assertEquals(1, server.hits(PATH));
    }

    @Test
    void tokenSignedWithANewKidTriggersExactlyOneRefetch() throws AuthException {
        verifySignedWith("k1");
        rotateTo("k2");
        clock.advance(HttpForgeJwksProvider.DEFAULT_MIN_REFETCH_INTERVAL);

        verifySignedWith("k2");
        verifySignedWith("k2");

        assertEquals(2, server.hits(PATH));
    }

    @Test
    void unknownKidsWithinTheRateLimitWindowDoNotHammerTheServer() throws AuthException {
        verifySignedWith("k1");
        clock.advance(HttpForgeJwksProvider.DEFAULT_MIN_REFETCH_INTERVAL);

        for (int i = 0; i < 20; i++) {
            int n = i;
            KeyUnavailableException e = assertThrows(KeyUnavailableException.class,
                    () -> provider.publicKey("made-up-" + n));
            assertEquals("kid not in JWKS", e.getMessage());
        }
        assertEquals(2, server.hits(PATH), "one refetch for the first unknown kid, none for the other 19");

        clock.advance(HttpForgeJwksProvider.DEFAULT_MIN_REFETCH_INTERVAL);
        assertThrows(KeyUnavailableException.class, () -> provider.publicKey("made-up-again"));
        assertEquals(3, server.hits(PATH));
    }

    @Test
    void rotatedKeyAppearingWithinTheWindowIsPickedUpOnceTheWindowPasses() throws AuthException {
        verifySignedWith("k1");
        clock.advance(Duration.ofSeconds(5));
        rotateTo("k2");
        // The first fetch was only 5 s ago: no refetch yet.
        assertThrows(AuthException.class, () -> verifySignedWith("k2"));
        assertEquals(1, server.hits(PATH));

        clock.advance(HttpForgeJwksProvider.DEFAULT_MIN_REFETCH_INTERVAL);
        verifySignedWith("k2");
        assertEquals(2, server.hits(PATH));
    }

    @Test
    void jwksOlderThanMaxAgeIsRefreshedAndKeptWhenTheRefreshFails() throws AuthException {
        verifySignedWith("k1");
        server.answer(PATH, 503, "down");
        clock.advance(HttpForgeJwksProvider.DEFAULT_MAX_AGE);

        verifySignedWith("k1"); // stale but still served
        assertEquals(2, server.hits(PATH));
    }

    @Test
    void unreachableJwksIsKeyUnavailableAndRetriedOnlyAfterTheWindow() {
        server.answer(PATH, 500, "boom");
        assertEquals(AuthFailureReason.KEY_UNAVAILABLE,
                assertThrows(AuthException.class, () -> verifySignedWith("k1")).reason());
        assertEquals(AuthFailureReason.KEY_UNAVAILABLE,
                assertThrows(AuthException.class, () -> verifySignedWith("k1")).reason());
        assertEquals(1, server.hits(PATH));
    }

    @Test
    void jwksThatDoesNotParseIsKeyUnavailable() {
        server.answer(PATH, 200, "{not json");
        assertThrows(KeyUnavailableException.class, () -> provider.publicKey("k1"));
    }

    @Test
    void jwksKeysForEncryptionOrOtherAlgorithmsAreIgnored() throws KeyUnavailableException {
        String jwks = TestTokens.jwks(Map.of("k1", TestKeys.FORGE.getPublic()))
                .replace("\"use\":\"sig\"", "\"use\":\"enc\"");
        assertEquals(0, HttpForgeJwksProvider.parse(jwks).size());
        assertEquals(1, HttpForgeJwksProvider.parse(TestTokens.jwks(Map.of("k1", TestKeys.FORGE.getPublic())))
                .size());
    }
}
