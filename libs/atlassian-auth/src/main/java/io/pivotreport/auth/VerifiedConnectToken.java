package io.pivotreport.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * A verified Connect token (host, context or signed install).
 *
 * @param tokenClass the class it was verified as
 * @param clientKey  the tenant ({@code iss}); the key to resolve the tenant by
 * @param accountId  the user's Atlassian accountId ({@code sub}); null for calls made without a user (webhooks,
 *                   lifecycle callbacks)
 * @param issuedAt   {@code iat}
 * @param expiresAt  {@code exp}
 * @param context    the {@code context} claim as unmodifiable maps and lists; empty when absent
 */
public record VerifiedConnectToken(
        TokenClass tokenClass,
        String clientKey,
        String accountId,
        Instant issuedAt,
        Instant expiresAt,
        Map<String, Object> context) implements VerifiedToken {

    public VerifiedConnectToken {
        Objects.requireNonNull(tokenClass, "tokenClass");
        Objects.requireNonNull(clientKey, "clientKey");
        context = context == null ? Map.of() : Collections.unmodifiableMap(context);
    }
}
