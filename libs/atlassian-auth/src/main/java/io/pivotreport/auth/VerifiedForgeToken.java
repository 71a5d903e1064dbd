package io.pivotreport.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A verified Forge invocation token.
 *
 * @param appId              our app as an ARI ({@code app.id}, equal to {@code aud})
 * @param installationId     {@code app.installationId}, e.g. {@code ari:cloud:ecosystem::installation/<uuid>}: one per
 *                           site and app, the tenant key for Forge traffic
 * @param cloudId            {@code context.cloudId}: the Jira site, null when the invocation has no site context
 * @param environmentType    {@code app.environment.type}: DEVELOPMENT, STAGING or PRODUCTION; null when absent
 * @param environmentId      {@code app.environment.id}; null when absent
 * @param principalAccountId {@code principal}: the user's accountId, null for invocations without a user
 * @param apiBaseUrl         {@code app.apiBaseUrl}: where this installation's product APIs are reached; may be null
 * @param issuedAt           {@code iat}
 * @param expiresAt          {@code exp}
 * @param licenseActive      {@code app.license.isActive}: true or false as the token says; null when the token carries
 *                           no licence (a free app, a development install) or the value is not a boolean
 */
public record VerifiedForgeToken(
        String appId,
        String installationId,
        String cloudId,
        String environmentType,
        String environmentId,
        String principalAccountId,
        String apiBaseUrl,
        Instant issuedAt,
        Instant expiresAt,
        Boolean licenseActive) implements VerifiedToken {

    public VerifiedForgeToken {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(installationId, "installationId");
    }

    @Override
    public TokenClass tokenClass() {
        return TokenClass.FORGE_INVOCATION;
    }
}
