package io.pivotreport.auth;

/** The four kinds of Atlassian token a route can accept. A route accepts exactly one. */
public enum TokenClass {
    /** Connect HS256 token signed with the tenant's shared secret, {@code qsh} bound to the request. */
    HOST,
    /** Connect HS256 token from {@code AP.context.getToken()}: {@code qsh} is the literal {@code context-qsh}. */
    CONTEXT,
    /** Connect RS256 token on the installed/uninstalled lifecycle callbacks, key from the install-keys service. */
    SIGNED_INSTALL,
    /** Forge Invocation Token (Forge Remote), RS256 against Forge's JWKS. */
    FORGE_INVOCATION
}
