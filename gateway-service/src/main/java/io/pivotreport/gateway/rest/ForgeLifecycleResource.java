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
 * Forge lifecycle events ({@code avi:forge:installed:app}, {@code avi:forge:uninstalled:app}) sent to the remote with
 * a Forge invocation token; the installation is taken from the token, never from the body.
 */
@Path("/forge/lifecycle")
public class ForgeLifecycleResource {

    private final LifecycleService lifecycle;
    private final SecurityIdentity identity;

    public ForgeLifecycleResource(LifecycleService lifecycle, SecurityIdentity identity) {
        this.lifecycle = lifecycle;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @AcceptsToken(value = TokenClass.FORGE_INVOCATION, resolveTenant = false, rateLimited = false)
    @RolesAllowed(GatewayRoles.FORGE_INSTALLATION)
    public Uni<Void> event(byte[] body) {
        return lifecycle.forge(GatewayCaller.of(identity), body);
    }
}
