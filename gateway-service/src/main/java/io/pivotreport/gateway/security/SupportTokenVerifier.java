package io.pivotreport.gateway.security;

import io.pivotreport.auth.AuthException;
import io.pivotreport.auth.AuthFailureReason;
import io.pivotreport.auth.ExtractedToken;
import io.pivotreport.auth.IncomingRequest;
import io.pivotreport.auth.TokenExtractor;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.platform.security.Roles;
import io.pivotreport.platform.security.SupportClaims;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies support tokens: the support issuer's own key pair (never an Atlassian key, never the gateway's signing
 * key), RS256 (or ES256 for an EC key), {@code iss}/{@code aud} as configured, {@code sub} an engineer id,
 * {@code iat} and {@code exp} required and at most {@code max-token-lifetime} apart, sent as
 * {@code Authorization: Bearer} and nowhere else. Whether the token carries the {@code support} group decides the
 * role (403 without it), not whether it is valid.
 */
@ApplicationScoped
public class SupportTokenVerifier {

    /** What a verified support token says. */
    public record Verified(String engineer, boolean supportGroup, Instant expiresAt) {
    }

    private final Optional<PublicKey> key;
    private final String algorithm;
    private final String issuer;
    private final String audience;
    private final Duration maxLifetime;
    private final Duration leeway;
    private final Clock clock;
    private final TokenExtractor extractor;

    public SupportTokenVerifier(GatewayConfig config, Clock clock) {
        GatewayConfig.Support support = config.support();
        this.key = support.publickey().location().map(SupportTokenVerifier::readPublicKey);
        this.algorithm = key.map(k -> k instanceof ECPublicKey ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
                : AlgorithmIdentifiers.RSA_USING_SHA256).orElse(AlgorithmIdentifiers.RSA_USING_SHA256);
        this.issuer = support.issuer();
        this.audience = support.audience();
        this.maxLifetime = support.maxTokenLifetime();
        this.leeway = config.leeway();
        this.clock = clock;
        this.extractor = new TokenExtractor(config.maxTokenBytes());
    }

    /** Reads the key at start-up: a configured key that cannot be read stops the gateway rather than every call. */
    void onStart(@Observes StartupEvent event) {
        key.ifPresent(ignored -> { });
    }

    public boolean configured() {
        return key.isPresent();
    }

    public Verified verify(List<String> authorizationHeaders, String rawQuery) throws AuthException {
        ExtractedToken token = extractor.extract(new IncomingRequest("GET", "/", rawQuery, authorizationHeaders, null));
        if (!token.sources().equals(Set.of(ExtractedToken.Source.AUTHORIZATION_BEARER))) {
            throw new AuthException(AuthFailureReason.WRONG_CLASS, "support tokens come as a Bearer header only");
        }
        if (key.isEmpty()) {
            throw new AuthException(AuthFailureReason.KEY_UNAVAILABLE, "no support public key configured");
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm)
                .setVerificationKey(key.get())
                .setExpectedIssuer(true, issuer)
                .setExpectedAudience(true, audience)
                .setRequireSubject()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setAllowedClockSkewInSeconds((int) leeway.toSeconds())
                .setIssuedAtRestrictions((int) leeway.toSeconds(), (int) (maxLifetime.toSeconds() + leeway.toSeconds()))
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token.value());
        } catch (InvalidJwtException e) {
            throw new AuthException(reason(e), "support token refused");
        }
        try {
            long issuedAt = claims.getIssuedAt().getValue();
            long expiresAt = claims.getExpirationTime().getValue();
            if (expiresAt - issuedAt > maxLifetime.toSeconds()) {
                // valid now, but issued for longer than a support session may last
                throw new AuthException(AuthFailureReason.EXPIRED, "support token lives too long");
            }
            String engineer = claims.getSubject();
            if (engineer == null || !SupportClaims.ENGINEER.matcher(engineer).matches()) {
                throw new AuthException(AuthFailureReason.MALFORMED, "sub is not an engineer id");
            }
            List<String> groups = claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
            return new Verified(engineer, groups.contains(Roles.SUPPORT), Instant.ofEpochSecond(expiresAt));
        } catch (MalformedClaimException e) {
            throw new AuthException(AuthFailureReason.MALFORMED, "support token claim of the wrong type");
        }
    }

    private static AuthFailureReason reason(InvalidJwtException e) {
        if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
            return AuthFailureReason.EXPIRED;
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE) || e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return AuthFailureReason.NOT_YET_VALID;
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_PAST)) {
            return AuthFailureReason.EXPIRED;
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return AuthFailureReason.UNKNOWN_ISSUER;
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return AuthFailureReason.WRONG_AUDIENCE;
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return AuthFailureReason.BAD_SIGNATURE;
        }
        if (e.getMessage() != null && e.getMessage().contains("AlgorithmConstraints")) {
            return AuthFailureReason.ALGORITHM_NOT_ALLOWED;
        }
        return AuthFailureReason.MALFORMED;
    }

    /** An X.509 {@code PUBLIC KEY} PEM, RSA or EC. */
    static PublicKey readPublicKey(Path location) {
        String pem;
        try {
            pem = Files.readString(location);
        } catch (IOException e) {
            throw new UncheckedIOException("pivot.gateway.support.publickey.location cannot be read", e);
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("pivot.gateway.support.publickey.location is not a PEM public key");
        }
        for (String type : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalStateException("pivot.gateway.support.publickey.location is neither an RSA nor an EC key");
    }
}
