package io.pivotreport.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Checks shared by the three Connect token classes. */
final class ConnectChecks {
    static final String CONTEXT_QSH = "context-qsh";

    private ConnectChecks() {
    }

    /** Connect tokens travel as {@code Authorization: JWT} or {@code ?jwt=}; a Bearer token is Forge's. */
    static void requireConnectTransport(ExtractedToken token) throws AuthException {
        if (token.sources().contains(ExtractedToken.Source.AUTHORIZATION_BEARER)) {
            throw new AuthException(AuthFailureReason.WRONG_CLASS, "Bearer token on a Connect route");
        }
    }

    /** The token's {@code qsh} must be the hash of this very request; a context token is the wrong class here. */
    static void requireRequestQsh(ParsedJwt jwt, IncomingRequest request, List<FormQuery.Param> query,
                                  String basePath) throws AuthException {
        String claimed = jwt.optionalString("qsh");
        if (claimed == null) {
            throw new AuthException(AuthFailureReason.QSH_MISMATCH, "token has no qsh");
        }
        if (CONTEXT_QSH.equals(claimed)) {
            throw new AuthException(AuthFailureReason.WRONG_CLASS, "context token on a request-bound route");
        }
        String expected = CanonicalRequest.qsh(
                CanonicalRequest.canonicalize(request.method(), request.rawPath(), query, basePath));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                claimed.getBytes(StandardCharsets.UTF_8))) {
            throw new AuthException(AuthFailureReason.QSH_MISMATCH, "qsh does not match the request");
        }
    }

    /** A context token carries the literal {@code context-qsh}; anything else is a request-bound token. */
    static void requireContextQsh(ParsedJwt jwt) throws AuthException {
        String claimed = jwt.optionalString("qsh");
        if (claimed == null) {
            throw new AuthException(AuthFailureReason.QSH_MISMATCH, "token has no qsh");
        }
        if (!CONTEXT_QSH.equals(claimed)) {
            throw new AuthException(AuthFailureReason.WRONG_CLASS, "request-bound token on a context route");
        }
    }

    static VerifiedConnectToken verified(TokenClass tokenClass, String clientKey, ParsedJwt jwt, TokenTimes times) {
        return new VerifiedConnectToken(tokenClass, clientKey, jwt.optionalString("sub"), times.issuedAt(),
                times.expiresAt(), Claims.objectAsMap(jwt.claims(), "context"));
    }
}
