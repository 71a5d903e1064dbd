package io.pivotreport.gateway.security;

/**
 * Roles of an identity the gateway derived from a verified Atlassian token. They are the gateway's own and never
 * travel inward: internal tokens carry {@link io.pivotreport.platform.security.Roles} instead.
 */
public final class GatewayRoles {

    /** A user of an installed, enabled tenant (context, host or Forge token with a user). */
    public static final String TENANT_USER = "tenant-user";

    /** The Atlassian product itself speaking for a tenant (Connect lifecycle callbacks). */
    public static final String TENANT_HOST = "tenant-host";

    /** Forge speaking for an installation of our app (Forge lifecycle events). */
    public static final String FORGE_INSTALLATION = "forge-installation";

    /**
     * A support engineer whose support token carries the {@code support} group (support routes only). Forwarded
     * inward as {@link io.pivotreport.platform.security.Roles#SUPPORT}.
     */
    public static final String SUPPORT_ENGINEER = "support-engineer";

    private GatewayRoles() {
    }
}
