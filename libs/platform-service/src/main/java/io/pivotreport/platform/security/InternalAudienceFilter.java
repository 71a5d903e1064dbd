package io.pivotreport.platform.security;

import io.pivotreport.platform.problem.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * Refuses a correctly signed internal token that was minted for another service. Without this, a token the gateway
 * minted for analytics-service would open report-service too.
 *
 * <p>Application-scoped on purpose: Quarkus REST instantiates filter classes at static init, before runtime config such
 * as {@link InternalTokenConfig} exists; a normal-scoped bean is only a proxy until the first request.
 */
@ApplicationScoped
public class InternalAudienceFilter {

    @Inject
    SecurityIdentity identity;

    @Inject
    InternalTokenConfig config;

    @Inject
    InternalTokenDenials denials;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 10)
    public Response checkAudience(ContainerRequestContext request) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return null;
        }
        Set<String> audience = token.getAudience();
        if (audience != null && audience.contains(config.audience())) {
            return null;
        }
        denials.record(InternalTokenDenials.Reason.WRONG_AUDIENCE);
        return Problem.of(403, "wrong-audience", "Forbidden", "The internal token was not issued for this service")
                .withInstance(request.getUriInfo().getPath()).toResponse();
    }
}
