package io.pivotreport.gateway.rest;

import io.pivotreport.gateway.edge.SupportRoute;
import io.pivotreport.gateway.security.RouteTokens;
import io.pivotreport.gateway.security.SupportCaller;
import io.pivotreport.platform.security.SupportClaims;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.regex.Pattern;

/**
 * One audit line per support request of an authenticated engineer, whatever the answer (forwarded, refused for the
 * reason, forbidden without the support group, rate-limited): engineer, tenant, route template, status and ticket on
 * logger {@value #CATEGORY}. The reason is not logged: it is stored, validated, in the private service's append-only
 * audit table, and logs travel further than that table. Requests without a valid support token have no engineer;
 * they are counted ({@code pivot_support_requests_total}, {@code pivot_auth_failures_total}) and in the access log.
 */
public class SupportAuditFilter {

    public static final String CATEGORY = "io.pivotreport.audit.support-request";
    private static final Logger AUDIT = Logger.getLogger(CATEGORY);
    private static final Pattern TENANT = Pattern.compile(SupportResource.UUID);

    private final CurrentIdentityAssociation identities;

    public SupportAuditFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerResponseFilter
    public Uni<Void> audit(ContainerRequestContext request, ContainerResponseContext response,
                           ResourceInfo resource) {
        if (!RouteTokens.isSupport(resource.getResourceMethod())) {
            return Uni.createFrom().voidItem();
        }
        // the deferred identity, never getIdentity(): on the IO thread, and it failed when the token was refused
        return identities.getDeferredIdentity().onItemOrFailure().transform((identity, failure) -> {
            SupportCaller caller = failure == null ? SupportCaller.of(identity) : null;
            if (caller != null) {
                log(caller, request, response.getStatus());
            }
            return null;
        });
    }

    private static void log(SupportCaller caller, ContainerRequestContext request, int status) {
        String tenant = request.getUriInfo().getPathParameters().getFirst("tenantId");
        String ticket = request.getHeaderString(SupportResource.TICKET_HEADER);
        AUDIT.infof("support access engineer=%s tenant=%s route=%s status=%d ticket=%s", caller.engineer(),
                tenant != null && TENANT.matcher(tenant).matches() ? tenant.toLowerCase(java.util.Locale.ROOT)
                        : "(invalid)",
                SupportRoute.of(request.getUriInfo().getPath()).template(), status,
                ticket != null && SupportClaims.TICKET.matcher(ticket.strip()).matches() ? ticket.strip() : "-");
    }
}
