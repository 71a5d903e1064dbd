package io.pivotreport.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jose4j.keys.HmacKey;

/** The HS256 path shared by host and context tokens; they differ only in their {@code qsh} rule. */
final class HmacTokenCheck {
    static final String ALGORITHM = "HS256";

    @FunctionalInterface
    interface QshRule {
        void check(ParsedJwt jwt, IncomingRequest request, List<FormQuery.Param> query) throws AuthException;
    }

    private final AuthSettings settings;
    private final SharedSecretLookup secrets;
    private final Clock clock;
    private final TokenExtractor extractor;

    HmacTokenCheck(AuthSettings settings, SharedSecretLookup secrets, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.extractor = new TokenExtractor(settings.maxTokenBytes());
    }

    AuthSettings settings() {
        return settings;
    }

    VerifiedConnectToken verify(IncomingRequest request, TokenClass tokenClass, QshRule qshRule)
            throws AuthException {
        List<FormQuery.Param> query = TokenExtractor.parseQuery(request.rawQuery());
        ExtractedToken token = extractor.extract(request, query);
        ConnectChecks.requireConnectTransport(token);
        ParsedJwt jwt = ParsedJwt.parse(token.value(), ALGORITHM);
        String clientKey = jwt.requiredString("iss");
        // The issuer is read before the signature is checked only to pick the key; nothing else trusts it yet.
        String secret = secrets.sharedSecret(clientKey)
                .orElseThrow(() -> new AuthException(AuthFailureReason.UNKNOWN_ISSUER, "issuer is not a tenant"));
        jwt.verifySignature(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        TokenTimes times = TokenTimes.check(jwt.claims(), clock, settings.leeway());
        qshRule.check(jwt, request, query);
        return ConnectChecks.verified(tokenClass, clientKey, jwt, times);
    }
}
