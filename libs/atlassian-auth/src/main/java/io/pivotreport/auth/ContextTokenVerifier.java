package io.pivotreport.auth;

import java.time.Clock;

/**
 * Context tokens: Connect HS256 tokens from {@code AP.context.getToken()}, sent by our own frontend; {@code qsh} is
 * the literal {@code context-qsh} because the browser cannot know the request it will be used for. Only routes that
 * declare {@link TokenClass#CONTEXT} use this verifier; a request-bound (host) token here is {@code wrong_class}.
 */
public final class ContextTokenVerifier implements TokenVerifier<VerifiedConnectToken> {
    private final HmacTokenCheck check;

    public ContextTokenVerifier(AuthSettings settings, SharedSecretLookup secrets, Clock clock) {
        this.check = new HmacTokenCheck(settings, secrets, clock);
    }

    @Override
    public TokenClass tokenClass() {
        return TokenClass.CONTEXT;
    }

    @Override
    public VerifiedConnectToken verify(IncomingRequest request) throws AuthException {
        return check.verify(request, TokenClass.CONTEXT, (jwt, req, query) -> ConnectChecks.requireContextQsh(jwt));
    }
}
