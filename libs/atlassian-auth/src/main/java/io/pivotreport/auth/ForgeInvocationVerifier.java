package io.pivotreport.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * Forge invocation tokens (Forge Remote): RS256 against Forge's JWKS, sent as {@code Authorization: Bearer}.
 * {@code iss} must be {@code forge/invocation-token}, {@code aud} and {@code app.id} must be our app's ARI.
 */
public final class ForgeInvocationVerifier implements TokenVerifier<VerifiedForgeToken> {
    static final String ALGORITHM = "RS256";
    public static final String ISSUER = "forge/invocation-token";
    private static final int MAX_KID_LENGTH = 256;

    private final AuthSettings settings;
    private final String appAri;
    private final ForgeJwksProvider keys;
    private final Clock clock;
    private final TokenExtractor extractor;

    /** @throws IllegalStateException when {@link AuthSettings#forgeAppId()} is not set */
    public ForgeInvocationVerifier(AuthSettings settings, ForgeJwksProvider keys, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.appAri = settings.forgeAppAri();
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.extractor = new TokenExtractor(settings.maxTokenBytes());
    }

    @Override
    public TokenClass tokenClass() {
        return TokenClass.FORGE_INVOCATION;
    }

    @Override
    public VerifiedForgeToken verify(IncomingRequest request) throws AuthException {
        ExtractedToken token = extractor.extract(request);
        if (!token.sources().equals(Set.of(ExtractedToken.Source.AUTHORIZATION_BEARER))) {
            // Forge sends its token as a Bearer header only; a token in a URL or under the JWT scheme is Connect's.
            throw new AuthException(AuthFailureReason.WRONG_CLASS, "Forge route takes a Bearer token only");
        }
        ParsedJwt jwt = ParsedJwt.parse(token.value(), ALGORITHM);
        String kid = jwt.keyId();
        if (!isPlausibleKid(kid)) {
            throw new AuthException(AuthFailureReason.INVALID_KID, "kid missing or implausible");
        }
        jwt.verifySignature(fetchKey(kid));
        TokenTimes times = TokenTimes.check(jwt.claims(), clock, settings.leeway());
        if (!ISSUER.equals(jwt.optionalString("iss"))) {
            throw new AuthException(AuthFailureReason.UNKNOWN_ISSUER, "not a Forge invocation token");
        }
        if (!Claims.audienceContains(jwt.claims(), appAri, false)) {
            throw new AuthException(AuthFailureReason.WRONG_AUDIENCE, "aud is not this Forge app");
        }
        JsonNode claims = jwt.claims();
        if (!appAri.equals(Claims.textAt(claims, "app", "id"))) {
            throw new AuthException(AuthFailureReason.WRONG_AUDIENCE, "app.id is not this Forge app");
        }
        String installationId = Claims.textAt(claims, "app", "installationId");
        if (installationId == null || installationId.isBlank()) {
            throw new AuthException(AuthFailureReason.MALFORMED, "required claim missing: app.installationId");
        }
        return new VerifiedForgeToken(
                appAri,
                installationId,
                Claims.textAt(claims, "context", "cloudId"),
                Claims.textAt(claims, "app", "environment", "type"),
                Claims.textAt(claims, "app", "environment", "id"),
                jwt.optionalString("principal"),
                Claims.textAt(claims, "app", "apiBaseUrl"),
                times.issuedAt(),
                times.expiresAt(),
                licenseActive(claims));
    }

    /** {@code app.license.isActive} when it is a boolean; absent (free app, development install) is null. */
    private static Boolean licenseActive(JsonNode claims) {
        JsonNode active = claims.path("app").path("license").path("isActive");
        return active.isBoolean() ? active.booleanValue() : null;
    }

    /** JWKS key ids never reach a URL, so this only bounds them: printable ASCII, not too long. */
    private static boolean isPlausibleKid(String kid) {
        if (kid == null || kid.isEmpty() || kid.length() > MAX_KID_LENGTH) {
            return false;
        }
        return kid.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private PublicKey fetchKey(String kid) throws AuthException {
        try {
            return keys.publicKey(kid);
        } catch (KeyUnavailableException e) {
            throw new AuthException(AuthFailureReason.KEY_UNAVAILABLE, e.getMessage());
        }
    }
}
