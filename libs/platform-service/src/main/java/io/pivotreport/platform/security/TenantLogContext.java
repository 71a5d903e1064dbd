package io.pivotreport.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Puts the caller's tenant into the log context (MDC key {@code tenant}) for the whole request, so every log line can
 * be traced to a tenant by support. It travels as Loki structured metadata, never as a label or a metric tag.
 */
@ApplicationScoped
public class TenantLogContext {

    public static final String MDC_KEY = "tenant";

    @Inject
    SecurityIdentity identity;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 20)
    public void enter() {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token) {
            Object tenant = token.getClaim(CallerContext.TENANT_CLAIM);
            if (tenant != null) {
                MDC.put(MDC_KEY, tenant.toString());
            }
        }
    }

    @ServerResponseFilter
    public void leave() {
        MDC.remove(MDC_KEY);
    }
}
