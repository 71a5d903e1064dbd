package io.pivotreport.gateway.rest;

import io.pivotreport.auth.TokenClass;
import io.pivotreport.gateway.security.AcceptsToken;
import io.pivotreport.gateway.security.GatewayCaller;
import io.pivotreport.gateway.security.GatewayRoles;
import io.pivotreport.gateway.service.LifecycleService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

/**
 * Connect lifecycle callbacks. Install and uninstall carry Atlassian's RS256 signed-install token (the mechanism reads
 * the body once to bind it to the token's issuer); enabled and disabled carry an HS256 token with a request-bound
 * {@code qsh}. Answered with 204 once license-service has applied the event.
 */
@Path("/lifecycle")
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectLifecycleResource {

    private final LifecycleService lifecycle;
    private final SecurityIdentity identity;

    public ConnectLifecycleResource(LifecycleService lifecycle, SecurityIdentity identity) {
        this.lifecycle = lifecycle;
        this.identity = identity;
    }

    @POST
    @Path("/installed")
    @AcceptsToken(value = TokenClass.SIGNED_INSTALL, rateLimited = false)
    @RolesAllowed(GatewayRoles.TENANT_HOST)
    public Uni<Void> installed() {
        GatewayCaller caller = GatewayCaller.of(identity);
        return lifecycle.connect("installed", caller, caller.lifecycleBody());
    }

    @POST
    @Path("/uninstalled")
    @AcceptsToken(value = TokenClass.SIGNED_INSTALL, rateLimited = false)
    @RolesAllowed(GatewayRoles.TENANT_HOST)
    public Uni<Void> uninstalled() {
        GatewayCaller caller = GatewayCaller.of(identity);
        return lifecycle.connect("uninstalled", caller, caller.lifecycleBody());
    }

    @POST
    @Path("/enabled")
    @AcceptsToken(value = TokenClass.HOST, rateLimited = false)
    @RolesAllowed(GatewayRoles.TENANT_HOST)
    public Uni<Void> enabled(byte[] body) {
        return lifecycle.connect("enabled", GatewayCaller.of(identity), body);
    }

    @POST
    @Path("/disabled")
    @AcceptsToken(value = TokenClass.HOST, rateLimited = false)
    @RolesAllowed(GatewayRoles.TENANT_HOST)
    public Uni<Void> disabled(byte[] body) {
        return lifecycle.connect("disabled", GatewayCaller.of(identity), body);
    }
}
