package io.pivotreport.auth;

import static io.pivotreport.auth.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a token must be refused, with the one reason it must be refused for, across the four token classes.
 * Network failures of the key services (timeouts, negative cache, JWKS rotation) are proved against a loopback server
 * in {@link SignedInstallVerifierTest} and {@link HttpForgeJwksProviderTest}.
 *
 * <p>Design choice recorded here: a context token on a request-bound (qsh) route, and a request-bound token on a
 * context route, are {@code wrong_class}, not {@code qsh_mismatch}: the token is genuine, it is just not the kind the
 * route takes, and the metric should say so.
 */
class NegativeTokenMatrixTest {
    private static final String INSTALL_KID = "install-kid-1";
    private static final String FORGE_KID = "forge-kid-1";
    private static final String PATH = "/app/webhook";
    private static final int MAX_TOKEN_BYTES = 2048;

    private static final MutableClock CLOCK = MutableClock.at(NOW);
    private static final AuthSettings SETTINGS = Fixtures.settings().maxTokenBytes(MAX_TOKEN_BYTES).build();
    private static final Map<TokenClass, TokenVerifier<?>> VERIFIERS = Map.of(
            TokenClass.HOST, new HostTokenVerifier(SETTINGS, Fixtures.SECRETS, CLOCK),
            TokenClass.CONTEXT, new ContextTokenVerifier(SETTINGS, Fixtures.SECRETS, CLOCK),
            TokenClass.SIGNED_INSTALL, new SignedInstallVerifier(SETTINGS, kid -> keyOrFail(INSTALL_KID, kid,
                    TestKeys.INSTALL.getPublic()), CLOCK),
            TokenClass.FORGE_INVOCATION, new ForgeInvocationVerifier(SETTINGS, kid -> keyOrFail(FORGE_KID, kid,
                    TestKeys.FORGE.getPublic()), CLOCK));

    record Case(String name, TokenClass route, IncomingRequest request, AuthFailureReason expected) {
        @Override
        public String toString() {
            return name + " -> " + expected.code();
        }
    }

    private static PublicKey keyOrFail(String knownKid, String kid, PublicKey key) throws KeyUnavailableException {
        if (!knownKid.equals(kid)) {
            throw new KeyUnavailableException("kid not known");
        }
        return key;
    }

    // --- well-formed tokens of each class, valid for PATH -------------------------------------------------------

    private static Map<String, Object> host() {
        return Fixtures.hostClaims("POST", PATH, null);
    }

    private static String hostToken() {
        return TestTokens.hs256(host(), TestTokens.SECRET);
    }

    private static String contextToken() {
        return TestTokens.hs256(Fixtures.contextClaims(), TestTokens.SECRET);
    }

    private static String installToken(String kid) {
        return TestTokens.rs256(Fixtures.installClaims(PATH), TestKeys.INSTALL.getPrivate(), kid);
    }

    private static String forgeToken(Map<String, Object> claims) {
        return TestTokens.rs256(claims, TestKeys.FORGE.getPrivate(), FORGE_KID);
    }

    private static IncomingRequest jwt(String token) {
        return IncomingRequest.of("POST", PATH, null, "JWT " + token).withBodyClientKey(TestTokens.CLIENT_KEY);
    }

    private static IncomingRequest bearer(String token) {
        return IncomingRequest.of("POST", PATH, null, "Bearer " + token);
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        claims.put(name, value);
        return claims;
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String host = hostToken();
        String[] hostParts = host.split("\\.");

        // missing / malformed
        for (TokenClass route : TokenClass.values()) {
            cases.add(new Case("no token", route, IncomingRequest.of("POST", PATH, null, null),
                    AuthFailureReason.MISSING));
        }
        cases.add(new Case("one segment", TokenClass.HOST, jwt("notajwt"), AuthFailureReason.MALFORMED));
        cases.add(new Case("JWE-shaped five segments", TokenClass.HOST, jwt("a.b.c.d.e"),
                AuthFailureReason.MALFORMED));
        cases.add(new Case("header not base64 JSON", TokenClass.HOST, jwt("e30x." + hostParts[1] + "." + hostParts[2]),
                AuthFailureReason.MALFORMED));
        cases.add(new Case("claims not JSON", TokenClass.HOST,
                jwt(TestTokens.raw(Map.of("alg", "HS256"), "{nope", "sig")), AuthFailureReason.MALFORMED));
        cases.add(new Case("claims a JSON array", TokenClass.HOST,
                jwt(TestTokens.raw(Map.of("alg", "HS256"), "[1,2]", "sig")), AuthFailureReason.MALFORMED));
        cases.add(new Case("duplicate qsh claim", TokenClass.HOST,
                jwt(TestTokens.raw(Map.of("alg", "HS256"), "{\"qsh\":\"a\",\"qsh\":\"b\"}", "sig")),
                AuthFailureReason.MALFORMED));
        cases.add(new Case("header without alg", TokenClass.HOST,
                jwt(TestTokens.raw(Map.of("typ", "JWT"), TestTokens.json(host()), "sig")),
                AuthFailureReason.MALFORMED));
        cases.add(new Case("duplicate alg header", TokenClass.HOST,
                jwt(TestTokens.b64("{\"alg\":\"none\",\"alg\":\"HS256\"}") + "." + hostParts[1] + "."
                        + hostParts[2]), AuthFailureReason.MALFORMED));
        cases.add(new Case("critical header extension", TokenClass.HOST,
                jwt(TestTokens.raw(Map.of("alg", "HS256", "b64", false, "crit", List.of("b64")),
                        TestTokens.json(host()), hostParts[2])), AuthFailureReason.MALFORMED));
        cases.add(new Case("signature not base64url", TokenClass.HOST,
                jwt(hostParts[0] + "." + hostParts[1] + ".a"), AuthFailureReason.MALFORMED));
        cases.add(new Case("unsupported Authorization scheme", TokenClass.HOST,
                IncomingRequest.of("POST", PATH, null, "Basic dXNlcjpwYXNz"), AuthFailureReason.MALFORMED));

        // time
        cases.add(new Case("expired", TokenClass.HOST,
                jwt(TestTokens.hs256(with(with(host(), "iat", NOW - 900), "exp", NOW - 31), TestTokens.SECRET)),
                AuthFailureReason.EXPIRED));
        cases.add(new Case("issued in the future", TokenClass.HOST,
                jwt(TestTokens.hs256(with(host(), "iat", NOW + 120), TestTokens.SECRET)),
                AuthFailureReason.NOT_YET_VALID));
        cases.add(new Case("nbf in the future", TokenClass.FORGE_INVOCATION,
                bearer(forgeToken(with(Fixtures.forgeClaims(), "nbf", NOW + 120))), AuthFailureReason.NOT_YET_VALID));
        cases.add(new Case("expired Forge token", TokenClass.FORGE_INVOCATION,
                bearer(forgeToken(with(with(Fixtures.forgeClaims(), "iat", NOW - 600), "exp", NOW - 60))),
                AuthFailureReason.EXPIRED));

        // signature
        cases.add(new Case("wrong secret", TokenClass.HOST,
                jwt(TestTokens.hs256(host(), "not-the-tenant-secret-but-long-enough-0123456789")),
                AuthFailureReason.BAD_SIGNATURE));
        cases.add(new Case("signature stripped", TokenClass.HOST, jwt(hostParts[0] + "." + hostParts[1] + "."),
                AuthFailureReason.BAD_SIGNATURE));
        cases.add(new Case("claims swapped under a valid signature", TokenClass.HOST,
                jwt(hostParts[0] + "." + TestTokens.b64(TestTokens.json(with(host(), "sub", "admin"))) + "."
                        + hostParts[2]), AuthFailureReason.BAD_SIGNATURE));
        cases.add(new Case("install token signed by another key", TokenClass.SIGNED_INSTALL,
                jwt(TestTokens.rs256(Fixtures.installClaims(PATH), TestKeys.OTHER.getPrivate(), INSTALL_KID)),
                AuthFailureReason.BAD_SIGNATURE));

        // qsh and class
        cases.add(new Case("qsh of another request", TokenClass.HOST,
                jwt(TestTokens.hs256(Fixtures.hostClaims("POST", "/app/other", null), TestTokens.SECRET)),
                AuthFailureReason.QSH_MISMATCH));
        cases.add(new Case("context token on a qsh route", TokenClass.HOST, jwt(contextToken()),
                AuthFailureReason.WRONG_CLASS));
        cases.add(new Case("qsh token on a context route", TokenClass.CONTEXT, jwt(host),
                AuthFailureReason.WRONG_CLASS));
        cases.add(new Case("Bearer transport on a Connect route", TokenClass.HOST, bearer(host),
                AuthFailureReason.WRONG_CLASS));
        cases.add(new Case("Forge token in the jwt query parameter", TokenClass.FORGE_INVOCATION,
                IncomingRequest.of("POST", PATH, "jwt=" + forgeToken(Fixtures.forgeClaims()), null),
                AuthFailureReason.WRONG_CLASS));

        // issuer and audience
        cases.add(new Case("unknown issuer", TokenClass.HOST,
                jwt(TestTokens.hs256(with(host(), "iss", "jira:unknown-tenant"), TestTokens.SECRET)),
                AuthFailureReason.UNKNOWN_ISSUER));
        cases.add(new Case("install iss differs from body clientKey", TokenClass.SIGNED_INSTALL,
                jwt(installToken(INSTALL_KID)).withBodyClientKey("jira:another-tenant"),
                AuthFailureReason.UNKNOWN_ISSUER));
        cases.add(new Case("install aud not our base URL", TokenClass.SIGNED_INSTALL,
                jwt(TestTokens.rs256(with(Fixtures.installClaims(PATH), "aud", "https://evil.example.com"),
                        TestKeys.INSTALL.getPrivate(), INSTALL_KID)), AuthFailureReason.WRONG_AUDIENCE));
        cases.add(new Case("Forge token for another app", TokenClass.FORGE_INVOCATION,
                bearer(forgeToken(with(Fixtures.forgeClaims(), "aud", "ari:cloud:ecosystem::app/someone-else"))),
                AuthFailureReason.WRONG_AUDIENCE));
        cases.add(new Case("Forge token with another issuer", TokenClass.FORGE_INVOCATION,
                bearer(forgeToken(with(Fixtures.forgeClaims(), "iss", "https://evil.example.com"))),
                AuthFailureReason.UNKNOWN_ISSUER));

        // algorithms
        for (TokenClass route : TokenClass.values()) {
            IncomingRequest none = route == TokenClass.FORGE_INVOCATION
                    ? bearer(TestTokens.unsigned(Fixtures.forgeClaims())) : jwt(TestTokens.unsigned(host()));
            cases.add(new Case("alg none", route, none, AuthFailureReason.ALGORITHM_NOT_ALLOWED));
        }
        byte[] rsaPublicKeyBytes = TestKeys.INSTALL.getPublic().getEncoded();
        cases.add(new Case("HS256 keyed with the install RSA public key", TokenClass.SIGNED_INSTALL,
                jwt(TestTokens.hs256WithKeyBytes(Fixtures.installClaims(PATH), rsaPublicKeyBytes, INSTALL_KID)),
                AuthFailureReason.ALGORITHM_NOT_ALLOWED));
        cases.add(new Case("HS256 keyed with the Forge RSA public key", TokenClass.FORGE_INVOCATION,
                bearer(TestTokens.hs256WithKeyBytes(Fixtures.forgeClaims(), TestKeys.FORGE.getPublic().getEncoded(),
                        FORGE_KID)), AuthFailureReason.ALGORITHM_NOT_ALLOWED));
        cases.add(new Case("RS256 token on a host route", TokenClass.HOST,
                jwt(TestTokens.rs256(host(), TestKeys.INSTALL.getPrivate(), INSTALL_KID)),
                AuthFailureReason.ALGORITHM_NOT_ALLOWED));
        cases.add(new Case("RS256 token on a context route", TokenClass.CONTEXT,
                jwt(TestTokens.rs256(Fixtures.contextClaims(), TestKeys.INSTALL.getPrivate(), INSTALL_KID)),
                AuthFailureReason.ALGORITHM_NOT_ALLOWED));
        cases.add(new Case("HS512 on a host route", TokenClass.HOST,
                jwt(TestTokens.sign(host(), "HS512", new HmacKey(
                        (TestTokens.SECRET + TestTokens.SECRET).getBytes()), null)),
                AuthFailureReason.ALGORITHM_NOT_ALLOWED));
        cases.add(new Case("lower-case hs256", TokenClass.HOST,
                jwt(TestTokens.raw(Map.of("alg", "hs256"), TestTokens.json(host()), hostParts[2])),
                AuthFailureReason.ALGORITHM_NOT_ALLOWED));
        cases.add(new Case("Connect token on the Forge route", TokenClass.FORGE_INVOCATION, bearer(host),
                AuthFailureReason.ALGORITHM_NOT_ALLOWED));

        // keys and kids
        cases.add(new Case("install token with unknown kid", TokenClass.SIGNED_INSTALL,
                jwt(installToken("unknown-kid")), AuthFailureReason.KEY_UNAVAILABLE));
        cases.add(new Case("Forge token with unknown kid", TokenClass.FORGE_INVOCATION,
                bearer(TestTokens.rs256(Fixtures.forgeClaims(), TestKeys.FORGE.getPrivate(), "unknown-kid")),
                AuthFailureReason.KEY_UNAVAILABLE));
        cases.add(new Case("install token on the Forge route", TokenClass.FORGE_INVOCATION,
                bearer(installToken(INSTALL_KID)), AuthFailureReason.KEY_UNAVAILABLE));
        for (String kid : List.of("../x", "a/b", "%2F", "..", "")) {
            cases.add(new Case("install kid '" + kid + "'", TokenClass.SIGNED_INSTALL, jwt(installToken(kid)),
                    AuthFailureReason.INVALID_KID));
        }
        cases.add(new Case("install token without kid", TokenClass.SIGNED_INSTALL, jwt(installToken(null)),
                AuthFailureReason.INVALID_KID));
        cases.add(new Case("Forge kid with control characters", TokenClass.FORGE_INVOCATION,
                bearer(TestTokens.rs256(Fixtures.forgeClaims(), TestKeys.FORGE.getPrivate(), "k\u0000id")),
                AuthFailureReason.INVALID_KID));

        // size and multiplicity
        String padded = TestTokens.hs256(with(host(), "pad", "x".repeat(MAX_TOKEN_BYTES)), TestTokens.SECRET);
        for (TokenClass route : TokenClass.values()) {
            IncomingRequest big = route == TokenClass.FORGE_INVOCATION ? bearer(padded) : jwt(padded);
            cases.add(new Case("oversized token", route, big, AuthFailureReason.TOO_LARGE));
        }
        cases.add(new Case("header and jwt parameter differ", TokenClass.HOST,
                IncomingRequest.of("POST", PATH, "jwt=" + contextToken(), "JWT " + host),
                AuthFailureReason.MULTIPLE_TOKENS));
        cases.add(new Case("two different jwt parameters", TokenClass.HOST,
                IncomingRequest.of("POST", PATH, "jwt=" + host + "&jwt=" + contextToken(), null),
                AuthFailureReason.MULTIPLE_TOKENS));
        cases.add(new Case("two Authorization headers", TokenClass.FORGE_INVOCATION,
                new IncomingRequest("POST", PATH, null, List.of("Bearer " + forgeToken(Fixtures.forgeClaims()),
                        "Bearer " + forgeToken(with(Fixtures.forgeClaims(), "principal", "other"))), null),
                AuthFailureReason.MULTIPLE_TOKENS));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithItsReasonAndWithoutLeakingTokenOrSecret(Case c) {
        AuthException e = assertThrows(AuthException.class, () -> VERIFIERS.get(c.route()).verify(c.request()));

        assertEquals(c.expected(), e.reason(), c.name());
        assertEquals(c.expected().code(), e.getMessage().substring(0, e.getMessage().indexOf(':')));
        for (String text : List.of(e.getMessage(), e.toString())) {
            assertFalse(text.contains(TestTokens.SECRET), "secret leaked");
            for (String header : c.request().authorizationHeaders()) {
                assertNoTokenPart(text, header);
            }
            if (c.request().rawQuery() != null) {
                assertNoTokenPart(text, c.request().rawQuery());
            }
        }
    }

    private static void assertNoTokenPart(String text, String carrier) {
        for (String part : carrier.split("[ .=&]")) {
            if (part.length() >= 8) {
                assertFalse(text.contains(part), "token fragment leaked into the message");
            }
        }
    }

    @Test
    void matrixCoversEveryFailureReason() {
        Set<AuthFailureReason> covered = cases().map(Case::expected).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(AuthFailureReason.class), covered);
    }

    @Test
    void eachClassAcceptsItsOwnValidToken() throws AuthException {
        VERIFIERS.get(TokenClass.HOST).verify(jwt(hostToken()));
        VERIFIERS.get(TokenClass.CONTEXT).verify(jwt(contextToken()));
        VERIFIERS.get(TokenClass.SIGNED_INSTALL).verify(jwt(installToken(INSTALL_KID)));
        VERIFIERS.get(TokenClass.FORGE_INVOCATION).verify(bearer(forgeToken(Fixtures.forgeClaims())));
    }

    @Test
    void eachVerifierDeclaresItsClass() {
        VERIFIERS.forEach((route, verifier) -> assertEquals(route, verifier.tokenClass()));
    }
}
