package io.pivotreport.gateway.security;

import io.quarkus.security.identity.SecurityIdentity;

import java.time.Instant;

/**
 * A support engineer, as a verified support token says: the engineer's id at the support issuer ({@code sub}) and
 * when the token expires. The tenant is the route's path parameter, the reason a header: neither is in the token.
 */
public record SupportCaller(String engineer, Instant expiresAt) {

    /** The {@link SecurityIdentity} attribute that holds the support caller. */
    public static final String ATTRIBUTE = "io.pivotreport.gateway.support-caller";

    /** The support caller of a request the mechanism authenticated with a support token, or null. */
    public static SupportCaller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Object caller = identity.getAttribute(ATTRIBUTE);
        return caller instanceof SupportCaller supportCaller ? supportCaller : null;
    }
}
