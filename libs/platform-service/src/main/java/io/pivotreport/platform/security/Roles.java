package io.pivotreport.platform.security;

/** Role names carried in the internal token's {@code groups} claim. */
public final class Roles {

    /** A request the gateway forwards on behalf of a verified user of a tenant. */
    public static final String APP_USER = "app-user";

    /** The gateway itself: lifecycle forwarding and the shared-secret lookup. */
    public static final String GATEWAY = "gateway";

    /**
     * A support engineer on the audited support path. The engineer's own token comes from the support issuer and is
     * accepted by the gateway on {@code /support/...} only; the gateway forwards the call with an internal token
     * carrying this role and the {@link SupportClaims}. App users' tokens never carry it.
     */
    public static final String SUPPORT = "support";

    private Roles() {
    }
}
