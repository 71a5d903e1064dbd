package io.pivotreport.auth;

/**
 * Verifies the token of one {@link TokenClass}. A route declares its class and calls exactly one verifier; every
 * other class is refused by it.
 */
public interface TokenVerifier<T extends VerifiedToken> {
    TokenClass tokenClass();

    /** @throws AuthException with one fixed {@link AuthFailureReason} when the request is not authenticated */
    T verify(IncomingRequest request) throws AuthException;
}
