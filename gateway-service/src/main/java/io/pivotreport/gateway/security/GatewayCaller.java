package io.pivotreport.gateway.security;

import io.pivotreport.auth.TokenClass;
import io.pivotreport.auth.VerifiedToken;
import io.quarkus.security.identity.SecurityIdentity;

import java.time.Instant;

/**
 * Who called, as a verified Atlassian token and the tenant lookup say. Resources take tenant and account from here,
 * never from the request.
 *
 * @param tokenClass     the class the token was verified as
 * @param tenantId       license-service's tenant id; null when the route resolves no tenant (installs)
 * @param clientKey      Connect tenant key ({@code iss}); null for Forge
 * @param installationId Forge installation; null for Connect
 * @param accountId      the user's Atlassian accountId; null for calls without a user
 * @param tenantOrigin   {@code https://host} of the tenant's site, checked against the allowed hosts; null if unknown
 * @param issuedAt       {@code iat} of the token
 * @param token          the verified token itself (claims only, never the raw JWT)
 * @param lifecycleBody  the raw body of a signed-install callback, read once during verification; null elsewhere
 * @param forgeLicense   Forge only: {@code app.license.isActive} of the token; null when absent or for Connect
 */
public record GatewayCaller(
        TokenClass tokenClass,
        String tenantId,
        String clientKey,
        String installationId,
        String accountId,
        String tenantOrigin,
        Instant issuedAt,
        VerifiedToken token,
        byte[] lifecycleBody,
        Boolean forgeLicense) {

    /** The {@link SecurityIdentity} attribute that holds the caller. */
    public static final String ATTRIBUTE = "io.pivotreport.gateway.caller";

    /** The caller of a request the mechanism authenticated, or null for an anonymous identity. */
    public static GatewayCaller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Object caller = identity.getAttribute(ATTRIBUTE);
        return caller instanceof GatewayCaller gatewayCaller ? gatewayCaller : null;
    }

    @Override
    public String toString() {
        // Ids identify customers and the body holds a shared secret: neither belongs in a log line.
        return "GatewayCaller[" + tokenClass + "]";
    }
}
