package io.pivotreport.auth;

import static io.pivotreport.auth.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextTokenVerifierTest {
    private final MutableClock clock = MutableClock.at(NOW);
    private final ContextTokenVerifier verifier =
            new ContextTokenVerifier(Fixtures.settings().build(), Fixtures.SECRETS, clock);

    private AuthFailureReason failure(Map<String, Object> claims) {
        IncomingRequest request = IncomingRequest.of("GET", "/app/api/reports", "page=2",
                "JWT " + TestTokens.hs256(claims, TestTokens.SECRET));
        return assertThrows(AuthException.class, () -> verifier.verify(request)).reason();
    }

    @Test
    void acceptsContextTokenOnAnyPathOfAContextRoute() throws AuthException {
        String token = TestTokens.hs256(Fixtures.contextClaims(), TestTokens.SECRET);

        VerifiedConnectToken verified =
                verifier.verify(IncomingRequest.of("POST", "/app/api/reports", "page=2", "JWT " + token));

        assertEquals(TokenClass.CONTEXT, verified.tokenClass());
        assertEquals(TestTokens.CLIENT_KEY, verified.clientKey());
        assertEquals(Fixtures.ACCOUNT_ID, verified.accountId());
        assertEquals(Map.of("active", true), verified.context().get("license"));
    }

    @Test
    void requestBoundHostTokenIsTheWrongClassHere() {
        assertEquals(AuthFailureReason.WRONG_CLASS, failure(Fixtures.hostClaims("GET", "/app/api/reports", "page=2")));
    }

    @Test
    void tokenWithoutQshIsQshMismatch() {
        Map<String, Object> claims = Fixtures.contextClaims();
        claims.remove("qsh");
        assertEquals(AuthFailureReason.QSH_MISMATCH, failure(claims));
    }

    @Test
    void contextTokenSignedWithAnotherSecretIsBadSignature() {
        IncomingRequest request = IncomingRequest.of("GET", "/app/api/reports", null,
                "JWT " + TestTokens.hs256(Fixtures.contextClaims(), "another-secret-that-is-long-enough-for-hs256"));
        assertEquals(AuthFailureReason.BAD_SIGNATURE,
                assertThrows(AuthException.class, () -> verifier.verify(request)).reason());
    }
}
