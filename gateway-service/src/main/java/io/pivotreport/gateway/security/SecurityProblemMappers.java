package io.pivotreport.gateway.security;

import io.pivotreport.auth.TokenClass;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.platform.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Set;

/**
 * The gateway's answers to security failures, taking precedence over platform-service's internal-token mappers (whose
 * denial counter is about internal tokens, which the gateway never receives): 401 with the route's
 * {@code WWW-Authenticate} challenge, 403 when authenticated but not allowed. Always problem+json, never the reason
 * (the metric has it).
 */
public class SecurityProblemMappers {

    private static final int PRIORITY = Priorities.USER - 1000;

    @Inject
    RouteTokens routes;

    @Inject
    GatewayConfig config;

    @ServerExceptionMapper(priority = PRIORITY)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        Set<TokenClass> accepted = AtlassianAuthenticationException.accepted(e);
        return unauthenticated(accepted != null ? accepted : RouteTokens.classes(routes.current()), uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(RouteTokens.classes(routes.current()), uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        if (routes.currentIsSupport()) {
            return Problem.of(403, "forbidden", "Forbidden", "The support token does not grant support access")
                    .withInstance(uri.getPath()).toResponse();
        }
        return Problem.of(403, "forbidden", "Forbidden",
                        "The app is not available to this caller (not installed, disabled, or no user)")
                .withInstance(uri.getPath()).toResponse();
    }

    private Response unauthenticated(Set<TokenClass> accepted, UriInfo uri) {
        if (routes.currentIsSupport()) {
            return Problem.of(401, "unauthenticated", "Unauthorized", "A valid support token is required")
                    .withInstance(uri.getPath()).toResponseBuilder()
                    .header("WWW-Authenticate", Challenges.support(config.support().issuer())).build();
        }
        Response.ResponseBuilder builder = Problem.of(401, "unauthenticated", "Unauthorized",
                        "A valid Atlassian token of the kind this route accepts is required")
                .withInstance(uri.getPath()).toResponseBuilder();
        Challenges.forClasses(accepted, config.appKey()).forEach(c -> builder.header("WWW-Authenticate", c));
        return builder.build();
    }
}
