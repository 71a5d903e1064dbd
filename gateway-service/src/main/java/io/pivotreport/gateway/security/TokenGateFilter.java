package io.pivotreport.gateway.security;

import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.edge.RateLimiter;
import io.pivotreport.platform.problem.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * The second lock on every route, after {@link AtlassianAuthMechanism} and {@code @RolesAllowed}: a route must either
 * declare its token classes or be an explicitly public {@code @PermitAll} route; a declared route runs only for an
 * identity verified as one of its classes. Then the per-tenant rate limit. Support routes run only for a support
 * identity, limited per engineer. A route someone adds without thinking
 * about tokens is refused here even if its roles were set carelessly.
 */
public class TokenGateFilter {

    private static final Logger LOG = Logger.getLogger(TokenGateFilter.class);
    static final String TENANT_MDC_KEY = "tenant";
    private static final java.util.regex.Pattern SUPPORT_TENANT =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final CurrentIdentityAssociation identities;
    private final RateLimiter rateLimiter;
    private final String appKey;
    private final String supportIssuer;

    public TokenGateFilter(CurrentIdentityAssociation identities, RateLimiter rateLimiter, GatewayConfig config) {
        this.supportIssuer = config.support().issuer();
        this.identities = identities;
        this.rateLimiter = rateLimiter;
        this.appKey = config.appKey();
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Response> gate(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (RouteTokens.isSupport(method)) {
            return identities.getDeferredIdentity().map(identity -> {
                SupportCaller caller = SupportCaller.of(identity);
                if (caller == null) {
                    return supportUnauthenticated();
                }
                String tenant = request.getUriInfo().getPathParameters().getFirst("tenantId");
                if (tenant != null && SUPPORT_TENANT.matcher(tenant).matches()) {
                    MDC.put(TENANT_MDC_KEY, tenant);
                }
                return rateLimiter.checkEngineer(caller.engineer());
            });
        }
        AcceptsToken accepts = method == null ? null : method.getAnnotation(AcceptsToken.class);
        if (accepts == null) {
            if (RouteTokens.isPublic(method)) {
                return Uni.createFrom().nullItem();
            }
            LOG.errorf("Route %s declares no token class and is not public: refused", describe(method));
            return Uni.createFrom().item(unauthenticated(Set.of()));
        }
        Set<io.pivotreport.auth.TokenClass> accepted = RouteTokens.classes(accepts);
        return identities.getDeferredIdentity().map(identity -> {
            GatewayCaller caller = GatewayCaller.of(identity);
            if (caller == null || !accepted.contains(caller.tokenClass())) {
                return unauthenticated(accepted);
            }
            if (caller.tenantId() != null) {
                // structured metadata of every log line of this request (never a label, never in a message)
                MDC.put(TENANT_MDC_KEY, caller.tenantId());
            }
            return accepts.rateLimited() ? rateLimiter.check(caller.tenantId()) : null;
        });
    }

    @ServerResponseFilter
    public void clearTenant(ContainerResponseContext response) {
        MDC.remove(TENANT_MDC_KEY);
    }

    private Response supportUnauthenticated() {
        return Problem.of(401, "unauthenticated", "Unauthorized", "A valid support token is required")
                .toResponseBuilder().header("WWW-Authenticate", Challenges.support(supportIssuer)).build();
    }

    private Response unauthenticated(Set<io.pivotreport.auth.TokenClass> accepted) {
        Response.ResponseBuilder builder = Problem.of(401, "unauthenticated", "Unauthorized",
                "A valid Atlassian token of the kind this route accepts is required").toResponseBuilder();
        Challenges.forClasses(accepted, appKey).forEach(c -> builder.header("WWW-Authenticate", c));
        return builder.build();
    }

    private static String describe(Method method) {
        return method == null ? "(unknown)" : method.getDeclaringClass().getSimpleName() + "#" + method.getName();
    }
}
