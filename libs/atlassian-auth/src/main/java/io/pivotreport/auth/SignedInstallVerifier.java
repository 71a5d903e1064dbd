package io.pivotreport.auth;

import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Signed installs: the RS256 token on the {@code installed} and {@code uninstalled} lifecycle callbacks. The key is
 * fetched from the install-keys service by {@code kid}; {@code aud} must name our base URL, {@code iss} must equal the
 * {@code clientKey} in the callback body (pass it with {@link IncomingRequest#withBodyClientKey}), and {@code qsh}
 * must match the request.
 */
public final class SignedInstallVerifier implements TokenVerifier<VerifiedConnectToken> {
    static final String ALGORITHM = "RS256";

    private final AuthSettings settings;
    private final InstallKeyProvider keys;
    private final Clock clock;
    private final TokenExtractor extractor;

    public SignedInstallVerifier(AuthSettings settings, InstallKeyProvider keys, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.extractor = new TokenExtractor(settings.maxTokenBytes());
    }

    @Override
    public TokenClass tokenClass() {
        return TokenClass.SIGNED_INSTALL;
    }

    @Override
    public VerifiedConnectToken verify(IncomingRequest request) throws AuthException {
        List<FormQuery.Param> query = TokenExtractor.parseQuery(request.rawQuery());
        ExtractedToken token = extractor.extract(request, query);
        ConnectChecks.requireConnectTransport(token);
        ParsedJwt jwt = ParsedJwt.parse(token.value(), ALGORITHM);
        String kid = jwt.keyId();
        if (!InstallKeyProvider.isWellFormedKid(kid)) {
            throw new AuthException(AuthFailureReason.INVALID_KID, "kid missing or not a safe key id");
        }
        String bodyClientKey = request.bodyClientKey();
        if (bodyClientKey == null || bodyClientKey.isBlank()) {
            // Checked before any key fetch: without it the token cannot be tied to the install it claims.
            throw new AuthException(AuthFailureReason.MALFORMED, "lifecycle body has no clientKey");
        }
        jwt.verifySignature(fetchKey(kid));
        TokenTimes times = TokenTimes.check(jwt.claims(), clock, settings.leeway());
        if (!Claims.audienceContains(jwt.claims(), settings.audience(), true)) {
            throw new AuthException(AuthFailureReason.WRONG_AUDIENCE, "aud does not name this app");
        }
        String issuer = jwt.requiredString("iss");
        if (!issuer.equals(bodyClientKey)) {
            throw new AuthException(AuthFailureReason.UNKNOWN_ISSUER, "iss differs from the body clientKey");
        }
        ConnectChecks.requireRequestQsh(jwt, request, query, settings.basePath());
        return ConnectChecks.verified(TokenClass.SIGNED_INSTALL, issuer, jwt, times);
    }

    private PublicKey fetchKey(String kid) throws AuthException {
        try {
            return keys.publicKey(kid);
        } catch (KeyUnavailableException e) {
            throw new AuthException(AuthFailureReason.KEY_UNAVAILABLE, e.getMessage());
        }
    }
}
