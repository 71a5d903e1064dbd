package io.pivotreport.launcher;

import io.pivotreport.test.Pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code ./platform support-token --engineer <id> [--ttl PT10M]}: a support token from the development support
 * issuer, as the gateway's support path expects it (RS256, {@code iss}/{@code aud} {@code pivot-support},
 * {@code groups [support]}, {@code sub} the engineer). Development only: the key lives in {@code .platform/keys/}.
 */
public final class SupportToken {

    static final String ISSUER = "pivot-support";
    static final String AUDIENCE = "pivot-support";

    /** The gateway's default {@code pivot.gateway.support.max-token-lifetime}: it refuses anything longer. */
    static final Duration MAX_TTL = Duration.ofMinutes(15);
    static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    /** Same rule as platform-service's {@code SupportClaims.ENGINEER} (the launcher does not depend on it). */
    static final Pattern ENGINEER = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private SupportToken() {
    }

    /** Signs a token for {@code engineer} with the dev support key of {@code keys}. */
    public static String mint(DevKeys keys, String engineer, Duration ttl, Clock clock) {
        if (engineer == null || !ENGINEER.matcher(engineer).matches()) {
            throw new LauncherException("--engineer must be an engineer id ([A-Za-z0-9._:-], at most 128; no e-mail"
                    + " addresses)");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new LauncherException("--ttl must be between PT1S and " + MAX_TTL + " (the gateway refuses longer)");
        }
        PrivateKey key;
        try {
            key = Pem.readRsaPrivateKey(keys.supportPrivatePem());
        } catch (IOException | GeneralSecurityException e) {
            throw new LauncherException("cannot read the dev support key " + keys.supportPrivatePem()
                    + " (run ./platform up once to generate it): " + e.getMessage(), e);
        }
        long now = clock.instant().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + engineer
                + "\",\"groups\":[\"support\"],\"iat\":" + now + ",\"exp\":" + (now + ttl.toSeconds())
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64url(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new LauncherException("cannot sign the support token: " + e.getMessage(), e);
        }
    }

    /** The keys of an installation, generating what is missing (the support pair included). */
    static DevKeys keys(Settings settings) {
        return DevKeys.ensure(settings.keysDir(), settings.javaExecutable(), new boolean[1]);
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
