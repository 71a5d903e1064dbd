package io.pivotreport.auth;

import java.time.Clock;

/**
 * Host tokens: Connect HS256 tokens whose {@code qsh} binds them to the request (iframes with {@code ?jwt=}, webhooks,
 * enabled/disabled callbacks). {@code iss} is the tenant's clientKey; its shared secret comes from the
 * {@link SharedSecretLookup}. A context token presented here is refused as {@code wrong_class}.
 */
public final class HostTokenVerifier implements TokenVerifier<VerifiedConnectToken> {
    private final HmacTokenCheck check;

    public HostTokenVerifier(AuthSettings settings, SharedSecretLookup secrets, Clock clock) {
        this.check = new HmacTokenCheck(settings, secrets, clock);
    }

    @Override
    public TokenClass tokenClass() {
        return TokenClass.HOST;
    }

    @Override
    public VerifiedConnectToken verify(IncomingRequest request) throws AuthException {
        String basePath = check.settings().basePath();
        return check.verify(request, TokenClass.HOST,
                (jwt, req, query) -> ConnectChecks.requireRequestQsh(jwt, req, query, basePath));
    }
}
