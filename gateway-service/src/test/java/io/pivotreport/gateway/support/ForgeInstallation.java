package io.pivotreport.gateway.support;

import java.util.UUID;

/** A Forge installation of our app on one site, as Forge's invocation tokens describe it. */
public record ForgeInstallation(String installationId, String cloudId, String accountId) {

    public static ForgeInstallation random() {
        return new ForgeInstallation("ari:cloud:ecosystem::installation/" + UUID.randomUUID(),
                UUID.randomUUID().toString(), "557058:" + UUID.randomUUID());
    }

    /** A valid invocation token of this installation, with a user and an active licence. */
    public String token() {
        return token(true);
    }

    public String token(Boolean licenseActive) {
        GatewayTestEnvironment.Environment env = GatewayTestEnvironment.current();
        return AtlassianTokens.forge(GatewayTestEnvironment.FORGE_APP_ARI, GatewayTestEnvironment.FORGE_APP_ARI,
                installationId, cloudId, accountId, licenseActive, env.forgeKeys().getPrivate(),
                GatewayTestEnvironment.FORGE_KID);
    }

    /** An invocation token without a user, as Forge sends lifecycle events. */
    public String lifecycleToken() {
        GatewayTestEnvironment.Environment env = GatewayTestEnvironment.current();
        return AtlassianTokens.forge(GatewayTestEnvironment.FORGE_APP_ARI, GatewayTestEnvironment.FORGE_APP_ARI,
                installationId, cloudId, null, null, env.forgeKeys().getPrivate(), GatewayTestEnvironment.FORGE_KID);
    }
}
