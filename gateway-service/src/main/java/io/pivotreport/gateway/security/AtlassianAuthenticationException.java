package io.pivotreport.gateway.security;

import io.pivotreport.auth.AuthFailureReason;
import io.pivotreport.auth.TokenClass;
import io.quarkus.security.AuthenticationFailedException;

import java.util.Map;
import java.util.Set;

/**
 * A refused Atlassian token as Quarkus' {@link AuthenticationFailedException} (final, so this is a factory): the
 * fixed reason and the classes the route accepts (to choose the challenge) travel as attributes. Carries no token,
 * claim or secret.
 */
public final class AtlassianAuthenticationException {

    static final String REASON = "io.pivotreport.gateway.auth.reason";
    static final String ACCEPTED = "io.pivotreport.gateway.auth.accepted";

    private AtlassianAuthenticationException() {
    }

    public static AuthenticationFailedException of(AuthFailureReason reason, Set<TokenClass> accepted) {
        return new AuthenticationFailedException(reason.code(), Map.of(REASON, reason, ACCEPTED, Set.copyOf(accepted)));
    }

    /** The accepted classes of a refusal made by the gateway, or null for other authentication failures. */
    public static Set<TokenClass> accepted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationFailedException refused && refused.getAttribute(ACCEPTED) != null) {
                return refused.getAttribute(ACCEPTED);
            }
        }
        return null;
    }
}
